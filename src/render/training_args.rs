//! `training_args.bin`: what the transformers Trainer always writes beside a checkpoint.
//!
//! It is `torch.save(TrainingArguments)`: a zip archive holding `<name>/data.pkl`, a pickle of the
//! arguments object (`transformers.TrainingArguments`, `Seq2SeqTrainingArguments`, TRL's
//! `SFTConfig` / `DPOConfig` / `GRPOConfig`, sentence-transformers' arguments, …) whose fields are
//! plain values, enums (`SchedulerType("linear")`) and small dataclasses.
//!
//! Unpickling a file someone sent must never run code: the pickle is read by `serde-pickle`,
//! which only builds values. Classes it does not know stay unresolved; with
//! `keep_restore_state` an object built with `NEWOBJ` + `BUILD` becomes its state dict and an
//! enum built with `REDUCE` becomes the tuple of its arguments, so `SchedulerType("linear")`
//! reads as `("linear",)`. Nothing here calls Python.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

/// The largest `data.pkl` read: TrainingArguments pickles are a few KB; a bigger entry is not
/// one (and a zip entry may claim any size).
const MAX_PICKLE: u64 = 4 * 1024 * 1024;

/// The arguments, as JSON values by field name.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TrainingArgs {
    /// The pickled class, `module.Name` (e.g. `trl.trainer.dpo_config.DPOConfig`), when the
    /// pickle names it with a `GLOBAL` opcode first, as `torch.save` (protocol 2) does.
    pub class: Option<String>,
    pub values: BTreeMap<String, Value>,
}

impl TrainingArgs {
    /// The class name without its module (`DPOConfig`).
    pub fn class_name(&self) -> Option<&str> {
        let c = self.class.as_deref()?;
        Some(c.rsplit('.').next().unwrap_or(c))
    }
}

/// Read `training_args.bin`.
pub fn read_bin(path: &Path) -> Result<TrainingArgs, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| format!("not the torch zip archive this file should be: {e}"))?;
    let name = (0..zip.len())
        .filter_map(|i| zip.name_for_index(i).map(str::to_owned))
        .find(|n| n.ends_with("/data.pkl") || n == "data.pkl")
        .ok_or("the archive holds no data.pkl")?;
    let entry = zip
        .by_name(&name)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_PICKLE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > MAX_PICKLE {
        return Err(format!("{name} is larger than {MAX_PICKLE} bytes"));
    }
    from_pickle(&bytes)
}

/// Read the pickled arguments object.
pub fn from_pickle(bytes: &[u8]) -> Result<TrainingArgs, String> {
    let options = serde_pickle::DeOptions::new()
        .replace_unresolved_globals()
        .keep_restore_state()
        .decode_strings();
    let value = serde_pickle::value_from_slice(bytes, options)
        .map_err(|e| format!("not a pickle cardgen can read: {e}"))?;
    let Value::Object(map) = to_json(value) else {
        return Err("the pickle does not hold an object with fields".into());
    };
    Ok(TrainingArgs {
        class: first_global(bytes),
        values: map.into_iter().collect(),
    })
}

/// `module.Name` of a pickle that starts (after `PROTO`) with a `GLOBAL` opcode: `c`, the module,
/// a newline, the name, a newline.
fn first_global(bytes: &[u8]) -> Option<String> {
    let rest = match bytes {
        [0x80, _, b'c', rest @ ..] | [b'c', rest @ ..] => rest,
        _ => return None,
    };
    let mut lines = rest.splitn(3, |&b| b == b'\n');
    let module = std::str::from_utf8(lines.next()?).ok()?;
    let name = std::str::from_utf8(lines.next()?).ok()?;
    lines.next()?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    };
    (ok(module) && ok(name)).then(|| format!("{module}.{name}"))
}

/// A pickle value as JSON: dicts with string keys become objects, a one-item tuple (an enum
/// rebuilt from its value) becomes that value, other tuples, lists and sets become arrays, and
/// what JSON cannot hold (bytes, non-finite floats, unresolved objects) becomes null.
fn to_json(v: serde_pickle::Value) -> Value {
    use serde_pickle::{HashableValue as H, Value as P};
    match v {
        P::None => Value::Null,
        P::Bool(b) => Value::Bool(b),
        P::I64(i) => Value::from(i),
        P::Int(i) => i
            .to_string()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        P::F64(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        P::String(s) => Value::String(s),
        P::Bytes(_) => Value::Null,
        P::Tuple(mut items) if items.len() == 1 => to_json(items.remove(0)),
        P::List(items) | P::Tuple(items) => Value::Array(items.into_iter().map(to_json).collect()),
        P::Set(items) | P::FrozenSet(items) => {
            Value::Array(items.into_iter().map(|h| to_json(h.into_value())).collect())
        }
        P::Dict(entries) => Value::Object(
            entries
                .into_iter()
                .filter_map(|(k, v)| match k {
                    H::String(k) => Some((k, to_json(v))),
                    _ => None,
                })
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_class_name_of_a_protocol_2_pickle() {
        let p = b"\x80\x02ctrl.trainer.dpo_config\nDPOConfig\nq\x00)\x81q\x01}q\x02b.";
        assert_eq!(
            first_global(p).as_deref(),
            Some("trl.trainer.dpo_config.DPOConfig")
        );
        assert_eq!(first_global(b"\x80\x02}q\x00."), None);
        assert_eq!(first_global(b"\x80\x02cos\nsystem"), None);
    }

    #[test]
    fn an_object_with_an_enum_field_becomes_a_map() {
        // class X: NEWOBJ, then BUILD with {"lr_scheduler_type": SchedulerType("linear"),
        // "learning_rate": 0.005, "seed": 42}.
        let p: &[u8] = b"\x80\x02cm\nX\nq\x00)\x81q\x01}q\x02(X\x11\x00\x00\x00lr_scheduler_type\
cm\nSchedulerType\nX\x06\x00\x00\x00linear\x85Rq\x03X\x0d\x00\x00\x00learning_rate\
G?tz\xe1G\xae\x14{X\x04\x00\x00\x00seedK*ub.";
        let args = from_pickle(p).unwrap();
        assert_eq!(args.class_name(), Some("X"));
        assert_eq!(args.values["lr_scheduler_type"], "linear");
        assert_eq!(args.values["seed"], 42);
        assert_eq!(args.values["learning_rate"], 0.005);
    }

    #[test]
    fn garbage_and_code_are_errors() {
        // The last one is `os.system("ls")`: it is read as data (a tuple), never called.
        for bad in [
            &b""[..],
            b"\x80\x02",
            b"not a pickle",
            b"\x80\x02K\x01.",
            b"cos\nsystem\n(S'ls'\ntR.",
        ] {
            assert!(from_pickle(bad).is_err(), "{bad:?}");
        }
    }
}
