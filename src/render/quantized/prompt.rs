//! The prompt format, from the chat template stored in a GGUF file (`tokenizer.chat_template`).
//!
//! The template is rendered the way `transformers`' `apply_chat_template` and llama.cpp's Jinja
//! engine render it — Jinja2 with Python string methods (minijinja with minijinja-contrib's
//! `pycompat`, blocks trimmed), `bos_token` / `eos_token`, `raise_exception` — for a system and a user message
//! whose contents are the placeholders `{system_prompt}` and `{prompt}`, with the generation
//! prompt added. A template is untrusted input: its work is bounded by fuel, and one that fails
//! is shown as it is, without an example.

use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind};
use serde::Serialize;

/// Work one chat template may do (minijinja instructions); real templates need a few thousand.
const FUEL: u64 = 200_000;

/// What the card shows under "Prompt format".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Prompt {
    /// The rendered conversation with `{system_prompt}` and `{prompt}` placeholders.
    pub example: Option<String>,
    /// The chat template itself.
    pub template: String,
}

/// The prompt format of a chat template.
pub fn from_template(template: &str, bos: Option<&str>, eos: Option<&str>) -> Prompt {
    Prompt {
        example: example(template, bos.unwrap_or(""), eos.unwrap_or("")),
        template: template.trim_end().to_owned(),
    }
}

fn example(template: &str, bos: &str, eos: &str) -> Option<String> {
    let mut env = Environment::new();
    // As transformers compiles chat templates: trim_blocks, lstrip_blocks, loop controls.
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
        .ok()?;
    env.set_syntax(syntax);
    env.set_fuel(Some(FUEL));
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    env.add_function("raise_exception", |msg: String| -> Result<Value, Error> {
        Err(Error::new(ErrorKind::InvalidOperation, msg))
    });
    env.add_template("chat", template).ok()?;
    let tmpl = env.get_template("chat").ok()?;
    let system = message("system", "{system_prompt}");
    let user = message("user", "{prompt}");
    // Templates that reject a system message (Gemma's) get the user message alone.
    [vec![system, user.clone()], vec![user]]
        .into_iter()
        .find_map(|messages| {
            tmpl.render(minijinja::context! {
                messages => messages,
                add_generation_prompt => true,
                bos_token => bos,
                eos_token => eos,
            })
            .ok()
        })
        .filter(|s| s.contains("{prompt}"))
}

fn message(role: &str, content: &str) -> Value {
    Value::from(minijinja::value::Serde(std::collections::BTreeMap::from([
        ("role", role),
        ("content", content),
    ])))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHATML: &str = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'].strip() + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    #[test]
    fn chatml_with_python_methods() {
        let p = from_template(CHATML, None, None);
        assert_eq!(
            p.example.as_deref(),
            Some("<|im_start|>system\n{system_prompt}<|im_end|>\n<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n")
        );
    }

    #[test]
    fn a_template_without_system_role_falls_back_to_the_user_message() {
        let t = "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}<end_of_turn>\n{% endfor %}{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}";
        let p = from_template(t, Some("<bos>"), None);
        assert_eq!(
            p.example.as_deref(),
            Some("<bos><start_of_turn>user\n{prompt}<end_of_turn>\n<start_of_turn>model\n")
        );
    }

    #[test]
    fn broken_or_endless_templates_give_no_example() {
        assert_eq!(from_template("{% for %}", None, None).example, None);
        let endless =
            "{% for i in range(1000000) %}{% for j in range(1000000) %}x{% endfor %}{% endfor %}";
        assert_eq!(from_template(endless, None, None).example, None);
        assert_eq!(from_template("no placeholders", None, None).example, None);
    }
}
