//! What a GGUF file's name says, read as the Hub and llama.cpp read it. No I/O.
//!
//! - Split files: llama.cpp's `llama_split_path` names part `N` of `M` `PREFIX-0000N-of-0000M.gguf`
//!   (`%s-%05d-of-%05d.gguf`); llama-gguf-split and gguf-py's `GGUFWriter` use the same pattern.
//! - Quant labels: the Hub's `parseGGUFQuantLabel` (huggingface.js `packages/tasks/src/gguf.ts`),
//!   which the Hub uses for the `:QUANT` tags of `ollama run hf.co/OWNER/REPO:QUANT` and
//!   `llama-cli -hf OWNER/REPO:QUANT`: the last quant-type name in the upper-cased file name, with
//!   an optional `UD-` prefix and `_SUFFIX`, or the dominant part of a percentage-mixed name.

use std::sync::OnceLock;

use regex::Regex;

/// The file-type names the Hub recognises in file names, in the Hub's order (its
/// `GGMLFileQuantizationType` keys). The order matters: at one position the first name that
/// matches wins, as in the Hub's JavaScript regex.
const FILE_QUANT_NAMES: &[&str] = &[
    "F32",
    "F16",
    "Q4_0",
    "Q4_1",
    "Q4_1_SOME_F16",
    "Q4_2",
    "Q4_3",
    "Q8_0",
    "Q5_0",
    "Q5_1",
    "Q2_K",
    "Q3_K_S",
    "Q3_K_M",
    "Q3_K_L",
    "Q4_K_S",
    "Q4_K_M",
    "Q5_K_S",
    "Q5_K_M",
    "Q6_K",
    "IQ2_XXS",
    "IQ2_XS",
    "Q2_K_S",
    "IQ3_XS",
    "IQ3_XXS",
    "IQ1_S",
    "IQ4_NL",
    "IQ3_S",
    "IQ3_M",
    "IQ2_S",
    "IQ2_M",
    "IQ4_XS",
    "IQ1_M",
    "BF16",
    "Q4_0_4_4",
    "Q4_0_4_8",
    "Q4_0_8_8",
    "TQ1_0",
    "TQ2_0",
    "MXFP4_MOE",
    "NVFP4",
    "Q1_0",
    "Q2_0",
    "Q2_K_XL",
    "Q3_K_XL",
    "Q4_K_XL",
    "Q5_K_XL",
    "Q6_K_XL",
    "Q8_K_XL",
];

/// Tensor-type names that a percentage-mixed file name (`Model-55IQ2_XXS-34Q2_K.gguf`) may use:
/// the Hub's `GGMLQuantizationType` keys less the storage types I8, I16, I32, I64 and F64.
const MIX_QUANT_NAMES: &[&str] = &[
    "F32", "F16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q8_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K",
    "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS",
    "IQ1_M", "BF16", "TQ1_0", "TQ2_0", "MXFP4", "NVFP4", "Q1_0", "Q2_0",
];

/// Whether `name` is a GGUF file name (`.gguf`, any case).
pub fn is_gguf(name: &str) -> bool {
    name.len() > 5
        && name
            .get(name.len() - 5..)
            .is_some_and(|ext| ext.eq_ignore_ascii_case(".gguf"))
}

/// One part of a split GGUF file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitPart {
    /// The name without `-0000N-of-0000M.gguf`: the same for every part of one file.
    pub prefix: String,
    /// 1-based.
    pub no: u32,
    pub count: u32,
}

/// `PREFIX-0000N-of-0000M.gguf` → its prefix, N and M; `None` for an unsplit name.
pub fn split_part(name: &str) -> Option<SplitPart> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)^(.+)-([0-9]{5})-of-([0-9]{5})\.gguf$").expect("valid regex")
    });
    let c = re.captures(name)?;
    let no: u32 = c[2].parse().ok()?;
    let count: u32 = c[3].parse().ok()?;
    (no >= 1 && no <= count).then(|| SplitPart {
        prefix: c[1].to_owned(),
        no,
        count,
    })
}

/// The name that stands for a whole file: the prefix of a split file, else the name itself.
pub fn group_name(name: &str) -> String {
    split_part(name).map_or_else(|| name.to_owned(), |p| p.prefix)
}

/// The Hub's quant label for a file name (`Q4_K_M`, `UD-Q4_K_XL`, `BF16`), or `None` when the
/// name has none (then a `:QUANT` tag cannot select the file).
pub fn quant_label(name: &str) -> Option<String> {
    let base = name.rsplit('/').next().unwrap_or(name).to_ascii_uppercase();
    if let Some(dominant) = quant_mix(&base) {
        return Some(dominant);
    }
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        let names = FILE_QUANT_NAMES.join("|");
        Regex::new(&format!("(?:UD-)?(?:{names})(?:_[A-Z]+)?")).expect("valid regex")
    });
    // The Hub takes the last match when a name holds several.
    re.find_iter(&base).last().map(|m| m.as_str().to_owned())
}

/// The dominant quant of a percentage-mixed name (two or more `-<pct><QUANT>` parts).
fn quant_mix(upper_name: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        let names = MIX_QUANT_NAMES.join("|");
        Regex::new(&format!(r"^([0-9]{{1,3}})({names})(?:\.|$)")).expect("valid regex")
    });
    let stem = upper_name.strip_suffix(".GGUF").unwrap_or(upper_name);
    let parts: Vec<(u32, &str)> = stem
        .split('-')
        .filter_map(|seg| {
            let c = re.captures(seg)?;
            Some((c[1].parse().ok()?, c.get(2)?.as_str()))
        })
        .collect();
    if parts.len() < 2 {
        return None;
    }
    // The first of equal shares wins, as in the Hub's reduce.
    let mut best = parts[0];
    for p in &parts[1..] {
        if p.0 > best.0 {
            best = *p;
        }
    }
    Some(best.1.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_as_the_hub_reads_them() {
        for (name, want) in [
            ("Llama-3.2-3B-Instruct-Q4_K_M.gguf", Some("Q4_K_M")),
            ("llama-3.2-3b-instruct-q8_0.gguf", Some("Q8_0")),
            ("Qwen3-8B-UD-Q4_K_XL.gguf", Some("UD-Q4_K_XL")),
            ("model-IQ3_XXS.gguf", Some("IQ3_XXS")),
            ("model-IQ2_XXS.gguf", Some("IQ2_XXS")),
            ("Model-BF16-00001-of-00003.gguf", Some("BF16")),
            ("Model-Q2_K_L.gguf", Some("Q2_K_L")),
            // The Hub reads Q4_0_4_4 as Q4_0 (the suffix must be letters).
            ("Model-Q4_0_4_4.gguf", Some("Q4_0")),
            // No file type called Q4_K_L: no label, as on the Hub.
            ("Llama-3.2-3B-Instruct-Q4_K_L.gguf", None),
            ("mmproj-model-f16.gguf", Some("F16")),
            ("ggml-model.gguf", None),
            ("Model-55IQ2_XXS-34Q2_K-07Q8_0-03F16.gguf", Some("IQ2_XXS")),
        ] {
            assert_eq!(quant_label(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn split_names() {
        let p = split_part("Tiny-Llama-BF16-00002-of-00003.gguf").unwrap();
        assert_eq!(
            (p.prefix.as_str(), p.no, p.count),
            ("Tiny-Llama-BF16", 2, 3)
        );
        assert!(split_part("x-00004-of-00003.gguf").is_none());
        assert!(split_part("x-00000-of-00003.gguf").is_none());
        assert!(split_part("x-Q4_0.gguf").is_none());
        assert_eq!(group_name("a-00001-of-00002.gguf"), "a");
        assert_eq!(group_name("a.gguf"), "a.gguf");
        assert!(is_gguf("A.GGUF") && !is_gguf(".gguf") && !is_gguf("a.ggu"));
    }
}
