//! Commands that run the files from the Hub: llama.cpp (`llama-cli`, `llama-server`), Ollama and
//! LM Studio's `lms`.
//!
//! A `:QUANT` tag (`-hf OWNER/REPO:Q4_K_M`, `hf.co/OWNER/REPO:Q4_K_M`, `lms get …@Q4_K_M`) is
//! resolved by the Hub against the quant labels of the repository's file names
//! ([`crate::model_files::names::quant_label`]); a tag is used only when exactly one
//! quantization in the folder has that label (case-insensitive), else the commands name the file.

use serde::Serialize;

use crate::model_files::Quantization;

/// The "How to use" commands, each naming a quantization or file of the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// The quantization the examples use: its tag, else its (first) file name.
    pub example: String,
    /// Whether `example` is a tag (else a file name).
    pub tagged: bool,
    pub llama_cpp: String,
    /// `None` when every quantization is split (Ollama does not load split GGUF files).
    pub ollama: Option<String>,
    pub lm_studio: String,
}

/// The commands for `repo`, or `None` when the folder holds no model quantization.
pub fn commands(repo: &str, quants: &[Quantization]) -> Option<Usage> {
    let models: Vec<&Quantization> = quants.iter().filter(|q| !q.projector).collect();
    let pick = choose(&models)?;
    let tag = unique_tag(pick, &models);
    let file = &pick.first().name;
    let llama_cpp = match &tag {
        Some(t) => format!("llama-cli -hf {repo}:{t}\nllama-server -hf {repo}:{t}"),
        None => format!(
            "llama-cli --hf-repo {repo} --hf-file {file}\n\
             llama-server --hf-repo {repo} --hf-file {file}"
        ),
    };
    let unsplit = if pick.files.len() == 1 {
        Some(pick)
    } else {
        choose(
            &models
                .iter()
                .copied()
                .filter(|q| q.files.len() == 1)
                .collect::<Vec<_>>(),
        )
    };
    let ollama = unsplit.map(|q| {
        // The Hub also accepts the full file name as a tag.
        let t = unique_tag(q, &models).unwrap_or_else(|| q.first().name.clone());
        format!("ollama run hf.co/{repo}:{t}")
    });
    let lm_studio = match &tag {
        Some(t) => format!("lms get https://huggingface.co/{repo}@{t}"),
        None => format!("lms get https://huggingface.co/{repo}"),
    };
    Some(Usage {
        example: tag.clone().unwrap_or_else(|| file.clone()),
        tagged: tag.is_some(),
        llama_cpp,
        ollama,
        lm_studio,
    })
}

/// The quantization to show: Q4_K_M when there is one (the Hub's default), else the smallest
/// with at least 4 bits per weight, else the largest.
fn choose<'a>(models: &[&'a Quantization]) -> Option<&'a Quantization> {
    let by_label = |l: &str| {
        models.iter().copied().find(|q| {
            q.label
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(l))
        })
    };
    by_label("Q4_K_M")
        .or_else(|| {
            models
                .iter()
                .copied()
                .find(|q| q.bits_per_weight().is_some_and(|b| b >= 4.0))
        })
        .or_else(|| models.last().copied())
}

/// The quantization's label, when no other quantization of the folder has it.
fn unique_tag(q: &Quantization, models: &[&Quantization]) -> Option<String> {
    let label = q.label.as_deref()?;
    let same = models
        .iter()
        .filter(|o| {
            o.label
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case(label))
        })
        .count();
    (same == 1).then(|| label.to_owned())
}

/// The tag of each quantization that has a unique one, by its first file name.
pub fn tags(quants: &[Quantization]) -> Vec<(String, String)> {
    let models: Vec<&Quantization> = quants.iter().filter(|q| !q.projector).collect();
    models
        .iter()
        .filter_map(|q| Some((q.first().name.clone(), unique_tag(q, &models)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model_files::GgufFile;

    fn quant(names: &[&str], bpw_bytes: u64) -> Quantization {
        Quantization {
            files: names
                .iter()
                .map(|n| GgufFile {
                    name: (*n).to_owned(),
                    parameters: 100,
                    tensor_bytes: bpw_bytes,
                    ..GgufFile::default()
                })
                .collect(),
            label: crate::model_files::names::quant_label(names[0]),
            projector: false,
        }
    }

    #[test]
    fn tags_when_unique_files_otherwise() {
        let qs = [
            quant(&["m-Q2_K.gguf"], 33),
            quant(&["m-Q4_K_M.gguf"], 60),
            quant(&["m-Q8_0.gguf"], 106),
        ];
        let u = commands("me/m-GGUF", &qs).unwrap();
        assert_eq!(u.example, "Q4_K_M");
        assert!(u.llama_cpp.starts_with("llama-cli -hf me/m-GGUF:Q4_K_M\n"));
        assert_eq!(
            u.ollama.as_deref(),
            Some("ollama run hf.co/me/m-GGUF:Q4_K_M")
        );

        // Two files with one label: the commands name the file.
        let qs = [quant(&["m-Q4_0.gguf"], 56), quant(&["m-Q4_0_4_4.gguf"], 56)];
        let u = commands("me/m", &qs).unwrap();
        assert!(!u.tagged);
        assert!(u.llama_cpp.contains("--hf-file m-Q4_0.gguf"));
        assert_eq!(
            u.ollama.as_deref(),
            Some("ollama run hf.co/me/m:m-Q4_0.gguf")
        );
    }

    #[test]
    fn ollama_skips_split_files() {
        let qs = [quant(
            &["m-BF16-00001-of-00002.gguf", "m-BF16-00002-of-00002.gguf"],
            200,
        )];
        let u = commands("me/m", &qs).unwrap();
        assert_eq!(u.example, "BF16");
        assert_eq!(u.ollama, None);
        let qs = [
            quant(&["m-Q4_0.gguf"], 56),
            quant(
                &["m-BF16-00001-of-00002.gguf", "m-BF16-00002-of-00002.gguf"],
                200,
            ),
        ];
        let u = commands("me/m", &qs).unwrap();
        assert_eq!(u.ollama.as_deref(), Some("ollama run hf.co/me/m:Q4_0"));
    }
}
