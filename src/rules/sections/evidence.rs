//! What counts as usage or limitations wherever it stands, not only under a matching heading:
//! code that loads or runs a model, a prompt format written out, and sentences that state a
//! limitation, a risk or a bias. CG201 asks these of the built-in `usage` and `limitations`
//! sections.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use crate::finding::Span;
use crate::rules::Context;

/// Code that loads or runs a model: Python APIs of the libraries the Hub lists, and the command
/// lines of the common runtimes.
static RUNS_A_MODEL: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"\bfrom_pretrained\s*\(",
        r"\bfrom_hparams\s*\(",
        r"\bpipeline\s*\(",
        r"\b(?:SentenceTransformer|CrossEncoder|SetFitModel|GLiNER|StaticModel)\s*\(",
        r"\b(?:load_from_hub|hf_hub_download|snapshot_download|from_pretrained_keras)\s*\(",
        r"\b(?:torch\.hub\.load|spacy\.load|fasttext\.load_model|timm\.create_model|load_model)\s*\(",
        r"\.(?:generate|predict|transcribe|encode|synthesize|tts|infer)\s*\(",
        r"\b(?:Llama|LLM|Model)\s*\(\s*(?:model(?:_path)?\s*=|['\x22])",
        r"\b(?:SequenceTagger|TextClassifier|Classifier)\.load\s*\(",
        r"\bmlx_lm\b|\bmlx_vlm\b",
        r"(?m)^\s*(?:\$\s*)?(?:\./)?(?:llama-cli|llama-server|llama-mtmd-cli|main|server)\s+(?:-m|--model|-hf|--hf-repo)\b",
        r"\bllama-(?:cli|server)\b",
        r"\bollama\s+(?:run|pull|create)\b",
        r"\b(?:huggingface-cli|hf)\s+download\b",
        r"\bvllm\s+serve\b|\btext-generation-launcher\b|\bkoboldcpp\b|\blms\s+(?:get|load)\b",
        r"\bmlagents-load-from-hf\b|\bpython\s+-m\s+(?:rl_zoo3|sample_factory)\b",
        r"(?m)^\s*(?:\$\s*|!)?python3?\s+[\w./-]*\.py\b",
    ])
    .expect("usage code patterns")
});

/// A command line that trains or prepares rather than uses the model.
static TRAINING_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"python3?\s+[\w./-]*(?:train|finetun|fine_tun|preprocess|prepare|convert)[\w./-]*\.py",
    )
    .expect("training command pattern")
});

/// A prompt format written out: the markers of the common chat and instruction templates.
static PROMPT_FORMAT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)<\|im_start\|>|\[INST\]|<\|start_header_id\|>|<\|(?:user|assistant|system|prompter)\|>|<start_of_turn>|###\s*(?:instruction|response|human|assistant|input)\b|\b(?:USER|ASSISTANT|Human|Assistant|User)\s*:|\{prompt\}|\{\{\s*prompt\s*\}\}|<human>\s*:|<bot>\s*:|\bYou\s*:|\bPersona\s*:|<START>",
    )
    .expect("prompt format pattern")
});

/// How to prompt an image model, in prose: its prompt and sampler settings.
static PROMPT_SETTINGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bnegative[ _]prompt\b|\btrigger words?\b|\bcfg[ _]scale\b")
        .expect("prompt settings pattern")
});

/// A sentence that states a limitation, a bias, a risk or a use to avoid, in the languages the
/// Hub's cards are most often written in.
static LIMITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?xi)
        \bknown\s+(?:issues?|limitations?|bugs?|problems?)\b
        | \blimitations?\b | \bbias(?:es|ed)?\b | \b(?:is|are|be)\s+(?:\w+\s+)?uncensored\b | \buncensored\s+(?:model|version|and|,) | \bhallucinat
        | \bno\s+guarantees?\b | \b(?:do|does|can|cannot|could)\s*(?:not|n't)\s+guarantee | \bnot\s+guaranteed\b
        | \bproof[-\s]of[-\s]concept\b | \bresearch\s+(?:purposes?\s+)?only\b
        | \bnot\s+(?:be\s+)?(?:suitable|intended|recommended|designed|meant)\s+for\b
        | \b(?:should|must)\s+not\s+be\s+(?:used|relied|deployed)\b | \bdo\s+not\s+use\s+(?:this|it|the)\b
        | \bout[-\s]of[-\s]scope\b
        | \bmay\s+(?:produce|generate|output|contain|fail|struggle|hallucinate|reflect|not\s+(?:be|work|perform))\b
        | \b(?:can|could|might)\s+(?:produce|generate|output)\s+(?:\w+\s+)?(?:harmful|offensive|biased|inaccurate|incorrect|toxic|false|misleading|inappropriate)\b
        | \b(?:harmful|offensive|toxic|inappropriate|inaccurate|misleading)\s+(?:content|outputs?|responses?|text|language)\b
        | \bnot\s+(?:perform|work)(?:s|ed)?\s+(?:so\s+|as\s+|very\s+)?well\b | \bdoes(?:n't|\s+not)\s+perform\b
        | \bperform(?:s|ed)?\s+(?:poorly|worse)\b | \b(?:slightly|wildly|significantly|outsized)\s+differen(?:t|ces?)\b
        | \bonly\s+works?\s+(?:with|on|for)\b | \bworks?\s+only\s+(?:with|on|for)\b
        | \bonly\s+(?:been\s+)?(?:evaluated|tested|trained)\s+on\b | \bdemo\s+version\b
        | \bdisclaimer | \bwarning\b | \bcaution\b | \brisks?\b
        | \bgarantiss?ons?\s+pas\b | \blimitaciones\b | \bsesgos?\b | \beinschränkung | \bbiais\b
        | 限界 | バイアス | 偏见 | 偏差 | 局限 | 风险 | リスク | 免责 | 注意 | 声明 | 제한 | 한계 | 편향
        ",
    )
    .expect("limitation pattern")
});

/// Template sentences that mention limitations without stating any (`huggingface_hub`'s).
const TEMPLATE_SENTENCES: &[&str] = &[
    "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.",
    "More information needed for further recommendations.",
    super::placeholder::NEMO_EXAMPLE,
];

/// A command that runs a model, written in prose or inline code rather than in a code block.
static RUN_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bollama\s+(?:run|pull)\s+\S|\bllama-(?:cli|server)\s+-|\b(?:huggingface-cli|hf)\s+download\s+\S")
        .expect("run command pattern")
});

/// Whether a code block of the card loads or runs a model or writes out a prompt format, or
/// its prose gives a command that runs the model.
pub(super) fn has_usage_code(ctx: &Context<'_>, within: Span) -> bool {
    let outline = ctx.outline();
    outline
        .code_blocks_in(within)
        .iter()
        .any(|&block| runs_a_model(ctx.slice(block)) || PROMPT_FORMAT.is_match(ctx.slice(block)))
        || outline
            .text_in(within)
            .iter()
            .any(|&run| RUN_COMMAND.is_match(ctx.slice(run)))
}

/// Whether `code` loads or runs a model (a training command does not count).
pub(super) fn runs_a_model(code: &str) -> bool {
    let hits = RUNS_A_MODEL.matches(code);
    if !hits.matched_any() {
        return false;
    }
    let only_python_script = hits.iter().all(|i| i == RUNS_A_MODEL.len() - 1);
    !only_python_script || !TRAINING_COMMAND.is_match(code)
}

/// Whether the prose of `within` tells how to prompt an image model.
pub(super) fn has_prompt_settings(ctx: &Context<'_>, within: Span) -> bool {
    ctx.outline()
        .text_in(within)
        .iter()
        .any(|&run| PROMPT_SETTINGS.is_match(ctx.slice(run)))
}

/// Whether the prose of `within` states a limitation, a bias or a risk.
pub(super) fn states_limitations(ctx: &Context<'_>, within: Span) -> bool {
    ctx.outline().text_in(within).iter().any(|&run| {
        let mut text = ctx.slice(run).to_owned();
        for sentence in TEMPLATE_SENTENCES {
            text = text.replace(sentence, "");
        }
        states_a_limitation(&text)
    })
}

/// Whether `text` has a sentence that states a limitation ("biased towards" a format, a
/// sampler that "will bias towards" short answers, are not one).
fn states_a_limitation(text: &str) -> bool {
    LIMITATION.find_iter(text).any(|m| {
        let after = text[m.end()..].trim_start().to_ascii_lowercase();
        !(m.as_str().to_ascii_lowercase().starts_with("bias")
            && (after.starts_with("toward") || after.starts_with("in favo")))
    })
}

/// Whether the text of the card's access gate (`extra_gated_prompt`, shown on the model page
/// before the files) states a limitation or a risk.
pub(super) fn gate_states_limitations(ctx: &Context<'_>) -> bool {
    ctx.meta()
        .and_then(|m| m.get("extra_gated_prompt"))
        .and_then(|v| v.as_str())
        .is_some_and(states_a_limitation)
}

/// Whether the prose of `within` only points elsewhere ("Please refer to our GitHub"): it has
/// no code, and either sends the reader elsewhere to learn how to use the model, or is short
/// and says where to look rather than what to do.
pub(super) fn only_points_elsewhere(ctx: &Context<'_>, within: Span) -> bool {
    static POINTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:refer\s+to|see|check(?:\s+out)?|visit|read|look\s+at|go\s+to|follow|available\s+(?:at|on|in)|coming\s+soon)\b")
            .expect("pointer pattern")
    });
    static HOW_TO_ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:refer\s+to|see|check(?:\s+out)?|visit|read|look\s+at|go\s+to|follow)\b[^.\n]*\b(?:how\s+to\s+use|usage|instructions)\b")
            .expect("how-to pointer pattern")
    });
    let outline = ctx.outline();
    if outline.has_code_or_media(within) {
        return false;
    }
    let prose: Vec<&str> = outline
        .text_in(within)
        .iter()
        .map(|&r| ctx.slice(r))
        .collect();
    let words: usize = prose.iter().map(|t| t.split_whitespace().count()).sum();
    prose.iter().any(|t| HOW_TO_ELSEWHERE.is_match(t))
        || (words <= 30 && prose.iter().any(|t| POINTER.is_match(t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_that_runs_a_model() {
        for yes in [
            "model = AutoModel.from_pretrained(\"me/m\")",
            "pipe = pipeline(\"text-classification\", model=\"me/m\")",
            "ollama run hf.co/me/m:Q4_K_M",
            "./llama-cli -m model.gguf -p \"hi\"",
            "llama-server -hf me/m:Q8_0",
            "python inference.py --text hi",
            "huggingface-cli download me/m --local-dir m",
            "m = SentenceTransformer(\"me/m\")",
        ] {
            assert!(runs_a_model(yes), "{yes}");
        }
        for no in [
            "pip install transformers",
            "python train.py --epochs 3",
            "from stable_baselines3 import ...\n...",
            "learning_rate: 2e-5",
        ] {
            assert!(!runs_a_model(no), "{no}");
        }
    }

    #[test]
    fn sentences_that_state_limitations() {
        for yes in [
            "The model may produce biased outputs.",
            "This model is uncensored.",
            "KNOWN ISSUES: it repeats itself.",
            "We do not guarantee the accuracy of the quantized versions.",
            "Le modèle est un POC, nous garantissons pas ses performances",
            "不适合用于医疗用途，存在风险",
        ] {
            assert!(LIMITATION.is_match(yes), "{yes}");
        }
        for no in [
            "Trained for 3 epochs with a learning rate of 2e-5.",
            "This model classifies movie reviews.",
        ] {
            assert!(!LIMITATION.is_match(no), "{no}");
        }
    }
}
