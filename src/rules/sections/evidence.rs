//! What counts as usage or limitations wherever it stands, not only under a matching heading:
//! code that loads or runs a model, a prompt format written out, and sentences that state a
//! limitation, a risk or a bias. CG201 asks these of the built-in `usage` and `limitations`
//! sections.

use std::sync::LazyLock;

use regex::Regex;
use regex_automata::meta;

use crate::finding::Span;
use crate::rules::Context;

/// Code that loads or runs a model: Python APIs of the libraries the Hub lists, and the command
/// lines of the common runtimes (a Python script on its own is [`RUNS_A_SCRIPT`]).
static RUNS_A_MODEL: LazyLock<Regex> = LazyLock::new(|| {
    let patterns = [
        r"(?-u:\b)from_pretrained\s*\(",
        r"(?-u:\b)from_hparams\s*\(",
        r"(?-u:\b)pipeline\s*\(",
        r"(?-u:\b)(?:SentenceTransformer|CrossEncoder|SetFitModel|GLiNER|StaticModel)\s*\(",
        r"(?-u:\b)(?:load_from_hub|hf_hub_download|snapshot_download|from_pretrained_keras)\s*\(",
        r"(?-u:\b)(?:torch\.hub\.load|spacy\.load|fasttext\.load_model|timm\.create_model|load_model)\s*\(",
        r"\.(?:generate|predict|transcribe|encode|synthesize|tts|infer)\s*\(",
        r"(?-u:\b)(?:Llama|LLM|Model)\s*\(\s*(?:model(?:_path)?\s*=|['\x22])",
        r"(?-u:\b)(?:SequenceTagger|TextClassifier|Classifier)\.load\s*\(",
        r"(?-u:\b)mlx_lm(?-u:\b)|(?-u:\b)mlx_vlm(?-u:\b)",
        r"(?m)^\s*(?:\$\s*)?(?:\./)?(?:llama-cli|llama-server|llama-mtmd-cli|main|server)\s+(?:-m|--model|-hf|--hf-repo)(?-u:\b)",
        r"(?-u:\b)llama-(?:cli|server)(?-u:\b)",
        r"(?-u:\b)ollama\s+(?:run|pull|create)(?-u:\b)",
        r"(?-u:\b)(?:huggingface-cli|hf)\s+download(?-u:\b)",
        r"(?-u:\b)vllm\s+serve(?-u:\b)|(?-u:\b)text-generation-launcher(?-u:\b)|(?-u:\b)koboldcpp(?-u:\b)|(?-u:\b)lms\s+(?:get|load)(?-u:\b)",
        r"(?-u:\b)mlagents-load-from-hf(?-u:\b)|(?-u:\b)python\s+-m\s+(?:rl_zoo3|sample_factory)(?-u:\b)",
    ];
    Regex::new(&patterns.join("|")).expect("usage code patterns")
});

/// A character of a script's path: an ASCII word character, `.`, `/`, `-`, or any non-ASCII
/// character (names in other scripts). Unicode's `\w` class would make each pattern that uses
/// it several times as costly to build, which every lint of a card with code pays.
const PATH_CHAR: &str = r"(?:(?-u:[\w./-])|[^\x00-\x7F])";

/// A Python script run from the command line: usage unless it trains or prepares.
static RUNS_A_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?m)^\s*(?:\$\s*|!)?python3?\s+{PATH_CHAR}*\.py(?-u:\b)"
    ))
    .expect("script pattern")
});

/// A command line that trains or prepares rather than uses the model.
static TRAINING_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"python3?\s+{PATH_CHAR}*(?:train|finetun|fine_tun|preprocess|prepare|convert){PATH_CHAR}*\.py"
    ))
    .expect("training command pattern")
});

/// A prompt format written out: the markers of the common chat and instruction templates.
/// Its literals (`<`, `[`, `#`, "user") occur so often in code that jumping from one to the next
/// costs several times a plain scan.
static PROMPT_FORMAT: LazyLock<meta::Regex> = LazyLock::new(|| {
    unfiltered(
        r"(?i)<\|im_start\|>|\[INST\]|<\|start_header_id\|>|<\|(?:user|assistant|system|prompter)\|>|<start_of_turn>|###\s*(?:instruction|response|human|assistant|input)(?-u:\b)|(?-u:\b)(?:USER|ASSISTANT|Human|Assistant|User)\s*:|\{prompt\}|\{\{\s*prompt\s*\}\}|<human>\s*:|<bot>\s*:|(?-u:\b)You\s*:|(?-u:\b)Persona\s*:|<START>",
    )
});

/// `pattern` searched without a literal prefilter, for a pattern whose literals are so many or
/// so common that a prefilter costs more to build, or to run, than it saves.
fn unfiltered(pattern: &str) -> meta::Regex {
    meta::Regex::builder()
        .configure(meta::Config::new().auto_prefilter(false))
        .build(pattern)
        .expect("valid pattern")
}

/// How to prompt an image model, in prose: its prompt and sampler settings.
static PROMPT_SETTINGS: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(r"(?i)(?-u:\b)negative[ _]prompt(?-u:\b)|(?-u:\b)trigger words?(?-u:\b)|(?-u:\b)cfg[ _]scale(?-u:\b)")
        .expect("prompt settings pattern")
});

/// A sentence that states a limitation, a bias, a risk or a use to avoid, in the languages the
/// Hub's cards are most often written in. Unfiltered: its words in any case are too many for a
/// prefilter to be built.
static LIMITATION: LazyLock<meta::Regex> = LazyLock::new(|| {
    unfiltered(
        r"(?xi-u)
        (?-u:\b)known\s+(?:issues?|limitations?|bugs?|problems?)(?-u:\b)
        | (?-u:\b)limitations?(?-u:\b) | (?-u:\b)bias(?:es|ed)?(?-u:\b) | (?-u:\b)(?:is|are|be)\s+(?:\w+\s+)?uncensored(?-u:\b) | (?-u:\b)uncensored\s+(?:model|version|and|,) | (?-u:\b)hallucinat
        | (?-u:\b)no\s+guarantees?(?-u:\b) | (?-u:\b)(?:do|does|can|cannot|could)\s*(?:not|n't)\s+guarantee | (?-u:\b)not\s+guaranteed(?-u:\b)
        | (?-u:\b)proof[-\s]of[-\s]concept(?-u:\b) | (?-u:\b)research\s+(?:purposes?\s+)?only(?-u:\b)
        | (?-u:\b)not\s+(?:be\s+)?(?:suitable|intended|recommended|designed|meant)\s+for(?-u:\b)
        | (?-u:\b)(?:should|must)\s+not\s+be\s+(?:used|relied|deployed)(?-u:\b) | (?-u:\b)do\s+not\s+use\s+(?:this|it|the)(?-u:\b)
        | (?-u:\b)out[-\s]of[-\s]scope(?-u:\b)
        | (?-u:\b)may\s+(?:produce|generate|output|contain|fail|struggle|hallucinate|reflect|not\s+(?:be|work|perform))(?-u:\b)
        | (?-u:\b)(?:can|could|might)\s+(?:produce|generate|output)\s+(?:\w+\s+)?(?:harmful|offensive|biased|inaccurate|incorrect|toxic|false|misleading|inappropriate)(?-u:\b)
        | (?-u:\b)(?:harmful|offensive|toxic|inappropriate|inaccurate|misleading)\s+(?:content|outputs?|responses?|text|language)(?-u:\b)
        | (?-u:\b)not\s+(?:perform|work)(?:s|ed)?\s+(?:so\s+|as\s+|very\s+)?well(?-u:\b) | (?-u:\b)does(?:n't|\s+not)\s+perform(?-u:\b)
        | (?-u:\b)perform(?:s|ed)?\s+(?:poorly|worse)(?-u:\b) | (?-u:\b)(?:slightly|wildly|significantly|outsized)\s+differen(?:t|ces?)(?-u:\b)
        | (?-u:\b)only\s+works?\s+(?:with|on|for)(?-u:\b) | (?-u:\b)works?\s+only\s+(?:with|on|for)(?-u:\b)
        | (?-u:\b)only\s+(?:been\s+)?(?:evaluated|tested|trained)\s+on(?-u:\b) | (?-u:\b)demo\s+version(?-u:\b)
        | (?-u:\b)disclaimer | (?-u:\b)warning(?-u:\b) | (?-u:\b)caution(?-u:\b) | (?-u:\b)risks?(?-u:\b)
        | (?-u:\b)garantiss?ons?\s+pas(?-u:\b) | (?-u:\b)limitaciones(?-u:\b) | (?-u:\b)sesgos?(?-u:\b) | (?-u:\b)einschränkung | (?-u:\b)biais(?-u:\b)
        ",
    )
});

/// [`LIMITATION`] in Chinese, Japanese and Korean. Apart, because in one pattern with the others
/// these words make every search about twice as slow.
static LIMITATION_CJK: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new("限界|バイアス|偏见|偏差|局限|风险|リスク|免责|注意|声明|제한|한계|편향")
        .expect("limitation pattern")
});

/// Template sentences that mention limitations without stating any (`huggingface_hub`'s).
const TEMPLATE_SENTENCES: &[&str] = &[
    "Users (both direct and downstream) should be made aware of the risks, biases and limitations of the model.",
    "More information needed for further recommendations.",
    super::filler::NEMO_EXAMPLE,
];

/// A command that runs a model, written in prose or inline code rather than in a code block.
static RUN_COMMAND: LazyLock<meta::Regex> = LazyLock::new(|| {
    meta::Regex::new(r"(?-u:\b)ollama\s+(?:run|pull)\s+\S|(?-u:\b)llama-(?:cli|server)\s+-|(?-u:\b)(?:huggingface-cli|hf)\s+download\s+\S")
        .expect("run command pattern")
});

/// Whether a code block of the card loads or runs a model or writes out a prompt format, or
/// its prose gives a command that runs the model.
pub(super) fn has_usage_code(ctx: &Context<'_>, within: Span) -> bool {
    ctx.outline()
        .code_blocks_in(within)
        .iter()
        .any(|&block| runs_a_model(ctx.slice(block)) || PROMPT_FORMAT.is_match(ctx.slice(block)))
        || in_prose(ctx, [within], &RUN_COMMAND).next().is_some()
}

/// The matches of `re` in `parts` of the card that lie in prose (a text run), in order.
fn in_prose<'c, 'a, P: IntoIterator<Item = Span>>(
    ctx: &'c Context<'a>,
    parts: P,
    re: &'c meta::Regex,
) -> impl Iterator<Item = Span> + use<'c, 'a, P> {
    let outline = ctx.outline();
    parts
        .into_iter()
        .flat_map(move |part| {
            re.find_iter(ctx.slice(part))
                .map(move |m| Span::new(part.start + m.start(), part.start + m.end()))
        })
        .filter(move |&span| outline.text_run(span).is_some())
}

/// Whether `code` loads or runs a model (a training command does not count).
pub(super) fn runs_a_model(code: &str) -> bool {
    RUNS_A_MODEL.is_match(code)
        || (RUNS_A_SCRIPT.is_match(code) && !TRAINING_COMMAND.is_match(code))
}

/// Whether the prose of `within` tells how to prompt an image model.
pub(super) fn has_prompt_settings(ctx: &Context<'_>, within: Span) -> bool {
    in_prose(ctx, [within], &PROMPT_SETTINGS).next().is_some()
}

/// Whether the prose of `within` states a limitation, a bias or a risk.
pub(super) fn states_limitations(ctx: &Context<'_>, within: Span) -> bool {
    let outline = ctx.outline();
    let mut matches =
        // LIMITATION is read byte by byte (it has no prefilter): code and HTML comments, which
        // no text run overlaps, are left out of its search.
        in_prose(ctx, outline.outside_known_code(within), &LIMITATION)
            .chain(in_prose(ctx, [within], &LIMITATION_CJK));
    matches.any(|m| {
        let run = outline.text_run(m).expect("in prose");
        let offset = m.start - run.start;
        is_a_limitation(ctx.slice(run), offset..offset + m.len())
    })
}

/// [`TEMPLATE_SENTENCES`], their spaces matching any white space.
static TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = TEMPLATE_SENTENCES
        .iter()
        .map(|s| regex::escape(s).replace(' ', r"\s+"))
        .collect();
    Regex::new(&alternatives.join("|")).expect("template sentences")
});

/// Whether `text` states a limitation.
fn states_a_limitation(text: &str) -> bool {
    LIMITATION
        .find_iter(text)
        .chain(LIMITATION_CJK.find_iter(text))
        .any(|m| is_a_limitation(text, m.range()))
}

/// Whether the match `at` of [`LIMITATION`] in `text` states a limitation: it is not in a
/// template sentence, nor "biased towards" a format or a sampler that "will bias towards"
/// short answers.
fn is_a_limitation(text: &str, at: std::ops::Range<usize>) -> bool {
    let word = &text[at.clone()];
    let after = text[at.end..].trim_start().to_ascii_lowercase();
    let verb = word.to_ascii_lowercase().starts_with("bias")
        && (after.starts_with("toward") || after.starts_with("in favo"));
    let in_template = TEMPLATE
        .find_iter(text)
        .any(|t| t.start() <= at.start && at.end <= t.end());
    !verb && !in_template
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
    // Unfiltered: searched in a few short runs of a section, where a prefilter for their words
    // in any case would cost more to build than it saves.
    static POINTER: LazyLock<meta::Regex> = LazyLock::new(|| {
        unfiltered(
            r"(?i)(?-u:\b)(?:refer\s+to|see|check(?:\s+out)?|visit|read|look\s+at|go\s+to|follow|available\s+(?:at|on|in)|coming\s+soon)(?-u:\b)",
        )
    });
    static HOW_TO_ELSEWHERE: LazyLock<meta::Regex> = LazyLock::new(|| {
        unfiltered(
            r"(?i)(?-u:\b)(?:refer\s+to|see|check(?:\s+out)?|visit|read|look\s+at|go\s+to|follow)(?-u:\b)[^.\n]*(?-u:\b)(?:how\s+to\s+use|usage|instructions)(?-u:\b)",
        )
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
            "python 推理.py --text 你好",
            "huggingface-cli download me/m --local-dir m",
            "m = SentenceTransformer(\"me/m\")",
        ] {
            assert!(runs_a_model(yes), "{yes}");
        }
        for no in [
            "pip install transformers",
            "python train.py --epochs 3",
            "python3 scripts/微调_finetune.py",
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
            assert!(states_a_limitation(yes), "{yes}");
        }
        for no in [
            "Trained for 3 epochs with a learning rate of 2e-5.",
            "This model classifies movie reviews.",
        ] {
            assert!(!states_a_limitation(no), "{no}");
        }
    }
}
