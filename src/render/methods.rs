//! Training methods of TRL (SFT, DPO, ORPO, KTO, GRPO, PPO, RLOO, reward modelling): which one a
//! run used, its tag, what its logs hold that the results table should show, and its citation.
//!
//! The method is read from the pickled arguments class (`DPOConfig`), else from the method the
//! TRL-written README.md names, else from `[training] framework` (`TRL DPOTrainer`).

use super::artifacts::Artifacts;

/// A TRL training method.
#[derive(Debug, Clone, Copy)]
pub struct Method {
    /// The Hub tag TRL gives such a model (`dpo`).
    pub tag: &'static str,
    /// How the card names it (`DPO`).
    pub name: &'static str,
    /// The paper that introduced it, as (title, link).
    pub paper: Option<(&'static str, &'static str)>,
    /// BibTeX of the paper.
    pub citation: Option<&'static str>,
    /// Log keys worth a column of the results table besides the loss (without `eval_`).
    pub columns: fn(&str) -> bool,
}

fn no_columns(_: &str) -> bool {
    false
}

/// Preference methods log rewards of the chosen and rejected answers and their margin.
fn preference_columns(k: &str) -> bool {
    k.starts_with("rewards/") || k == "kl" || k == "log_odds_ratio"
}

/// RL methods log the mean reward, its spread and the KL to the reference model.
fn rl_columns(k: &str) -> bool {
    matches!(k, "reward" | "reward_std" | "kl") || k.starts_with("objective/")
}

const DPO_BIB: &str = "@inproceedings{rafailov2023direct,
    title        = {{Direct Preference Optimization: Your Language Model is Secretly a Reward Model}},
    author       = {Rafael Rafailov and Archit Sharma and Eric Mitchell and Christopher D. Manning and Stefano Ermon and Chelsea Finn},
    year         = 2023,
    booktitle    = {Advances in Neural Information Processing Systems 36: Annual Conference on Neural Information Processing Systems 2023, NeurIPS 2023, New Orleans, LA, USA, December 10 - 16, 2023},
    url          = {http://papers.nips.cc/paper_files/paper/2023/hash/a85b405ed65c6477a4fe8302b5e06ce7-Abstract-Conference.html},
    editor       = {Alice Oh and Tristan Naumann and Amir Globerson and Kate Saenko and Moritz Hardt and Sergey Levine},
}";

const GRPO_BIB: &str = "@article{shao2024deepseekmath,
    title        = {{DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models}},
    author       = {Zhihong Shao and Peiyi Wang and Qihao Zhu and Runxin Xu and Junxiao Song and Mingchuan Zhang and Y. K. Li and Y. Wu and Daya Guo},
    year         = 2024,
    eprint       = {arXiv:2402.03300},
}";

const ORPO_BIB: &str = "@article{hong2024orpo,
    title        = {{ORPO: Monolithic Preference Optimization without Reference Model}},
    author       = {Jiwoo Hong and Noah Lee and James Thorne},
    year         = 2024,
    eprint       = {arXiv:2403.07691},
}";

const KTO_BIB: &str = "@article{ethayarajh2024kto,
    title        = {{KTO: Model Alignment as Prospect Theoretic Optimization}},
    author       = {Kawin Ethayarajh and Winnie Xu and Niklas Muennighoff and Dan Jurafsky and Douwe Kiela},
    year         = 2024,
    eprint       = {arXiv:2402.01306},
}";

const PPO_BIB: &str = "@article{schulman2017proximal,
    title        = {{Proximal Policy Optimization Algorithms}},
    author       = {John Schulman and Filip Wolski and Prafulla Dhariwal and Alec Radford and Oleg Klimov},
    year         = 2017,
    eprint       = {arXiv:1707.06347},
}";

/// TRL itself, cited by every card TRL writes.
pub const TRL_BIB: &str = "@software{vonwerra2020trl,
  title   = {{TRL: Transformers Reinforcement Learning}},
  author  = {von Werra, Leandro and Belkada, Younes and Tunstall, Lewis and Beeching, Edward and Thrush, Tristan and Lambert, Nathan and Huang, Shengyi and Rasul, Kashif and Gallou\u{e9}dec, Quentin},
  license = {Apache-2.0},
  url     = {https://github.com/huggingface/trl},
  year    = {2020}
}";

/// Every method cardgen knows.
pub const METHODS: &[Method] = &[
    Method {
        tag: "sft",
        name: "SFT",
        paper: None,
        citation: None,
        columns: no_columns,
    },
    Method {
        tag: "dpo",
        name: "DPO",
        paper: Some((
            "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
            "https://huggingface.co/papers/2305.18290",
        )),
        citation: Some(DPO_BIB),
        columns: preference_columns,
    },
    Method {
        tag: "orpo",
        name: "ORPO",
        paper: Some((
            "ORPO: Monolithic Preference Optimization without Reference Model",
            "https://huggingface.co/papers/2403.07691",
        )),
        citation: Some(ORPO_BIB),
        columns: preference_columns,
    },
    Method {
        tag: "kto",
        name: "KTO",
        paper: Some((
            "KTO: Model Alignment as Prospect Theoretic Optimization",
            "https://huggingface.co/papers/2402.01306",
        )),
        citation: Some(KTO_BIB),
        columns: preference_columns,
    },
    Method {
        tag: "grpo",
        name: "GRPO",
        paper: Some((
            "DeepSeekMath: Pushing the Limits of Mathematical Reasoning in Open Language Models",
            "https://huggingface.co/papers/2402.03300",
        )),
        citation: Some(GRPO_BIB),
        columns: rl_columns,
    },
    Method {
        tag: "ppo",
        name: "PPO",
        paper: Some((
            "Proximal Policy Optimization Algorithms",
            "https://huggingface.co/papers/1707.06347",
        )),
        citation: Some(PPO_BIB),
        columns: rl_columns,
    },
    Method {
        tag: "rloo",
        name: "RLOO",
        paper: None,
        citation: None,
        columns: rl_columns,
    },
    Method {
        tag: "reward-trainer",
        name: "Reward",
        paper: None,
        citation: None,
        columns: no_columns,
    },
];

/// Methods are the same when their tags are (`columns` is a function pointer, not comparable).
impl PartialEq for Method {
    fn eq(&self, other: &Self) -> bool {
        self.tag == other.tag
    }
}

impl Eq for Method {}

impl Method {
    /// Preference and RL methods, whose logs hold rewards, margins or KL.
    pub fn logs_rewards(&self) -> bool {
        !matches!(self.tag, "sft" | "reward-trainer")
    }
}

fn by_name(name: &str) -> Option<&'static Method> {
    let n = name.to_ascii_lowercase();
    METHODS
        .iter()
        .find(|m| n == m.tag || n == m.name.to_ascii_lowercase())
}

/// The method of a run, and where it was read.
pub fn detect(
    art: Option<&Artifacts>,
    framework: Option<&str>,
) -> Option<(&'static Method, String)> {
    let from_class = art
        .and_then(|a| a.training_args.as_ref()?.class_name())
        .and_then(|c| Some((by_name(c.strip_suffix("Config")?)?, c)))
        .map(|(m, c)| (m, format!("the arguments class {c} in training_args.bin")));
    let from_readme = || {
        let name = art?.readme.as_ref()?.method.clone()?;
        Some((by_name(&name)?, "the trainer's README.md".to_owned()))
    };
    let from_framework = || {
        let fw = framework?;
        fw.split(|c: char| !c.is_ascii_alphanumeric())
            .find_map(|w| by_name(w.strip_suffix("Trainer").unwrap_or(w)))
            .map(|m| (m, "[training] framework".to_owned()))
    };
    from_class.or_else(from_readme).or_else(from_framework)
}

/// Whether the run was made with TRL (its arguments class or its README).
pub fn is_trl(art: Option<&Artifacts>, framework: Option<&str>) -> bool {
    let class = art
        .and_then(|a| a.training_args.as_ref()?.class.clone())
        .is_some_and(|c| c.starts_with("trl."));
    let readme = art
        .and_then(|a| a.readme.as_ref())
        .is_some_and(|r| r.writer == "trl");
    let fw = framework.is_some_and(|f| f.to_ascii_lowercase().contains("trl"));
    class || readme || fw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framework_names_the_method() {
        let (m, from) = detect(None, Some("TRL DPOTrainer 0.12")).unwrap();
        assert_eq!((m.tag, from.as_str()), ("dpo", "[training] framework"));
        assert_eq!(detect(None, Some("transformers Trainer")), None);
        assert!((m.columns)("rewards/margins"));
        assert!(!(m.columns)("logps/chosen"));
    }
}
