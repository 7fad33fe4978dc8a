//! `cardgen server` driven over stdio with JSON-RPC, as an editor drives it: initialize,
//! didOpen, didChange, completion, hover, codeAction, shutdown and exit, on cards with non-ASCII
//! text, CRLF line ends and a byte-order mark.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::lsp_client::{apply, offset_utf16, position_utf16, uri, Client};

/// A card with findings on lines that hold characters outside the BMP (two UTF-16 units each),
/// fixable findings, and a placeholder in the body.
const CARD: &str = "---
language:
- en
- 日本語🤗xx
licence: MIT
pipeline_tag: Text-Generation
tags: [a, a]
---
# Modèle 🤗

Usage: 🤗 [More Information Needed] here.
";

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

/// The findings `cardgen lint --format json` reports for the same card in the same place.
fn cli_findings(path: &Path) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(["lint", "--format", "json"])
        .arg(path)
        .current_dir(path.parent().unwrap())
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

/// A card written as README.md in a new directory and opened in a new server, with the
/// diagnostics published for it.
struct Opened {
    dir: tempfile::TempDir,
    path: std::path::PathBuf,
    client: Client,
    uri: String,
    diagnostics: Vec<Value>,
}

fn open_card(text: &str) -> Opened {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    std::fs::write(&path, text).unwrap();
    let mut client = Client::start(dir.path());
    let uri = client.open(&path, text);
    let diagnostics = client.diagnostics(&uri, 1);
    Opened {
        dir,
        path,
        client,
        uri,
        diagnostics,
    }
}

#[test]
fn diagnostics_match_the_cli_with_utf16_ranges() {
    let Opened {
        path,
        client,
        uri,
        diagnostics,
        dir: _dir,
    } = open_card(CARD);

    let cli = cli_findings(&path);
    let cli_codes: Vec<&str> = cli.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes(&diagnostics), cli_codes);
    for (lsp, cli) in diagnostics.iter().zip(&cli) {
        assert_eq!(lsp["source"], "cardgen");
        let name = cli["name"].as_str().unwrap();
        assert_eq!(lsp["data"]["name"], name);
        assert!(lsp["message"].as_str().unwrap().contains(name), "{lsp}");
        let want = match cli["severity"].as_str().unwrap() {
            "error" => 1,
            "warning" => 2,
            _ => 3,
        };
        assert_eq!(lsp["severity"], want, "{lsp}");
        // The range is the CLI's byte span, in UTF-16 code units.
        if let Some(span) = cli["span"].as_object() {
            let start = offset_utf16(CARD, &lsp["range"]["start"]);
            let end = offset_utf16(CARD, &lsp["range"]["end"]);
            assert_eq!(
                (start as u64, end as u64),
                (
                    span["start"].as_u64().unwrap(),
                    span["end"].as_u64().unwrap()
                ),
                "{lsp}"
            );
        }
        if let Some(help) = cli["help"].as_str() {
            let related = &lsp["relatedInformation"][0];
            assert_eq!(related["message"], format!("help: {help}"));
            assert_eq!(related["location"]["uri"], uri.as_str());
        }
    }
    // The invalid language is after a character that takes two UTF-16 units.
    let language = find(&diagnostics, "CG105");
    let line = CARD.lines().nth(3).unwrap();
    assert_eq!(
        language["range"]["start"],
        json!({ "line": 3, "character": 2 })
    );
    assert_eq!(
        language["range"]["end"]["character"],
        line.encode_utf16().count()
    );
    assert!(client.shutdown().success());
}

#[test]
fn edits_are_applied_and_relinted_after_a_burst() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    let mut client = Client::start(dir.path());
    let uri = client.open(&path, CARD);
    let first = client.diagnostics(&uri, 1);
    assert!(codes(&first).contains(&"CG105"));

    // Type `fr` over `日本語🤗xx` one character at a time, in one burst of incremental edits
    // whose ranges count UTF-16 units.
    let mut text = CARD.to_owned();
    let start = text.find("日本語").unwrap();
    let end = text.find("xx").unwrap() + 2;
    let mut edits = vec![json!({
        "range": { "start": position_utf16(&text, start), "end": position_utf16(&text, end) },
        "text": "",
    })];
    text.replace_range(start..end, "");
    for (i, c) in "fr".char_indices() {
        let at = position_utf16(&text, start + i);
        edits.push(json!({ "range": { "start": at, "end": at }, "text": c.to_string() }));
        text.insert(start + i, c);
    }
    let mut burst = Vec::new();
    for (i, edit) in edits.iter().enumerate() {
        let message = json!({
            "jsonrpc": "2.0",
            "method": "textDocument/didChange",
            "params": {
                "textDocument": { "uri": uri, "version": i + 2 },
                "contentChanges": [edit],
            },
        })
        .to_string();
        burst.extend(format!("Content-Length: {}\r\n\r\n{message}", message.len()).bytes());
    }
    client.send_raw(&burst);
    let last = 1 + edits.len() as i64;
    let after = client.diagnostics(&uri, last);
    assert!(!codes(&after).contains(&"CG105"), "{after:#?}");

    // The server's text is the edited text: a fix computed on it applies cleanly here.
    std::fs::write(&path, &text).unwrap();
    assert_eq!(codes(&after), codes(&cli_findings(&path)));
    // Versions were published in order, and the burst was not linted once per edit.
    let published: Vec<i64> = client
        .drain()
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(published.iter().all(|v| *v < last), "{published:?}");
    assert!(client.shutdown().success());
}

/// Every quick fix, applied on its own, removes its finding; "fix all" makes the card
/// `cardgen lint --fix` makes.
#[test]
fn quick_fixes_and_fix_all_match_lint_fix() {
    let Opened {
        path,
        mut client,
        uri,
        diagnostics,
        dir: _dir,
    } = open_card(CARD);
    let before = cli_findings(&path);

    let mut fixed_codes = Vec::new();
    for d in &diagnostics {
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": d["range"],
                "context": { "diagnostics": [d], "only": ["quickfix"] },
            }),
        );
        for action in actions.as_array().unwrap() {
            assert_eq!(action["kind"], "quickfix");
            let title = action["title"].as_str().unwrap();
            if title.starts_with("Disable ") {
                continue;
            }
            assert_eq!(action["diagnostics"][0], *d, "{title}");
            let edits = action["edit"]["changes"][uri.as_str()].as_array().unwrap();
            let fixed = apply(CARD, edits);
            std::fs::write(&path, &fixed).unwrap();
            let after = cli_findings(&path);
            let count = |ds: &[Value]| ds.iter().filter(|x| x["code"] == d["code"]).count();
            assert_eq!(count(&after) + 1, count(&before), "{title}");
            fixed_codes.push(d["code"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(fixed_codes, ["CG106", "CG103", "CG114"]);

    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"] },
        }),
    );
    let fix_all = &actions[0];
    assert_eq!(fix_all["kind"], "source.fixAll.cardgen");
    let edits = fix_all["edit"]["changes"][uri.as_str()].as_array().unwrap();
    let fixed = apply(CARD, edits);

    std::fs::write(&path, CARD).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(["lint", "--fix", "--quiet"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(!status.success(), "findings remain after --fix");
    assert_eq!(fixed, std::fs::read_to_string(&path).unwrap());
    assert!(client.shutdown().success());
}

/// "Disable this rule on this line" writes the suppression comment where it works: at the end
/// of a front-matter line, above a body line, and at the end of the card for a finding with no
/// place; the finding is gone and nothing new appears.
#[test]
fn disable_on_this_line_suppresses_the_finding() {
    let Opened {
        mut client,
        uri,
        diagnostics,
        ..
    } = open_card(CARD);
    let mut version = 1;
    for code in ["CG105", "CG203", "CG201"] {
        let d = find(&diagnostics, code);
        let actions = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": d["range"],
                "context": { "diagnostics": [d] },
            }),
        );
        let disable = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["title"].as_str().unwrap().starts_with("Disable ")
                    && a["diagnostics"][0]["code"] == code
            })
            .unwrap_or_else(|| panic!("no disable action for {code}: {actions:#}"));
        let edits = disable["edit"]["changes"][uri.as_str()].as_array().unwrap();
        let text = apply(CARD, edits);
        let comment = match code {
            "CG105" => "- 日本語🤗xx  # cardgen: ignore CG105\n",
            "CG203" => "<!-- cardgen-disable-next-line CG203 -->\nUsage:",
            _ => "<!-- cardgen-disable CG201 -->\n",
        };
        assert!(text.contains(comment), "{code}: {text}");
        version += 1;
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
        let after = client.diagnostics(&uri, version);
        let count = |ds: &[Value]| ds.iter().filter(|x| x["code"] == code).count();
        assert!(count(&after) < count(&diagnostics), "{code}: {after:#?}");
        assert!(!codes(&after).contains(&"CG301"), "{after:#?}");
    }
    assert!(client.shutdown().success());
}

#[test]
fn crlf_and_bom_cards_get_exact_ranges_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    let card = format!("\u{feff}{}", CARD.replace('\n', "\r\n"));
    let mut client = Client::start(dir.path());
    let uri = client.open(&path, &card);
    let diagnostics = client.diagnostics(&uri, 1);
    std::fs::write(&path, &card).unwrap();
    let cli = cli_findings(&path);
    assert_eq!(
        codes(&diagnostics),
        cli.iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect::<Vec<_>>()
    );
    for (lsp, cli) in diagnostics.iter().zip(&cli) {
        if let Some(span) = cli["span"].as_object() {
            // Finding spans count from after the BOM; the editor's text has it.
            let bom = '\u{feff}'.len_utf8() as u64;
            let start = offset_utf16(&card, &lsp["range"]["start"]) as u64;
            assert_eq!(start, span["start"].as_u64().unwrap() + bom, "{lsp}");
            // 1-based lines and columns in characters, as the CLI counts them.
            assert_eq!(
                lsp["range"]["start"]["line"].as_u64().unwrap() + 1,
                cli["line"].as_u64().unwrap()
            );
        }
    }
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll.cardgen"] },
        }),
    );
    let edits = actions[0]["edit"]["changes"][uri.as_str()]
        .as_array()
        .unwrap();
    let fixed = apply(&card, edits);
    let _ = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(["lint", "--fix", "--quiet"])
        .arg(&path)
        .status()
        .unwrap();
    assert_eq!(fixed, std::fs::read_to_string(&path).unwrap());
    assert!(fixed.starts_with('\u{feff}') && fixed.contains("license: mit\r\n"));
    assert!(client.shutdown().success());
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let dir = tempfile::tempdir().unwrap();
    let caps = json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } });
    let (mut client, init) = Client::start_with(dir.path(), &[], caps);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = client.open(&dir.path().join("README.md"), CARD);
    let diagnostics = client.diagnostics(&uri, 1);
    let language = find(&diagnostics, "CG105");
    let line = CARD.lines().nth(3).unwrap();
    assert_eq!(language["range"]["end"]["character"], line.len());
    // Without relatedInformation, the help is in the message.
    assert!(language["message"].as_str().unwrap().contains("\nhelp: "));
    assert!(client.shutdown().success());
}

fn labels(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_owned())
        .collect()
}

fn complete(client: &mut Client, uri: &str, text: &str, at: &str) -> Value {
    let offset = text.find(at).unwrap() + at.len();
    client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position_utf16(text, offset) }),
    )
}

#[test]
fn completion_of_keys_and_vocabulary_values() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\nlicense: ap\npipeline_tag: text-cl\nlibrary_name: transf\nlanguage: [🤗, fr]\nbase_mo\n---\n# Model\n";
    let mut client = Client::start(dir.path());
    let uri = client.open(&dir.path().join("README.md"), text);

    let keys = complete(&mut client, &uri, text, "base_mo");
    let names = labels(&keys);
    assert!(names.contains(&"base_model".to_owned()), "{names:?}");
    // Keys already in the card are not offered again.
    assert!(!names.contains(&"license".to_owned()));
    let items = keys["items"].as_array().unwrap();
    let base_model = items.iter().find(|i| i["label"] == "base_model").unwrap();
    assert_eq!(
        base_model["detail"],
        "a Hub repo id, or a list of Hub repo ids"
    );
    assert_eq!(base_model["textEdit"]["newText"], "base_model: ");
    let line_start = json!({ "line": 5, "character": 0 });
    assert_eq!(base_model["textEdit"]["range"]["start"], line_start);

    let licenses = labels(&complete(&mut client, &uri, text, "license: ap"));
    assert!(licenses.contains(&"apache-2.0".to_owned()), "{licenses:?}");
    assert!(licenses.iter().all(|l| l.starts_with("ap")), "{licenses:?}");
    let tasks = labels(&complete(&mut client, &uri, text, "text-cl"));
    assert!(tasks.contains(&"text-classification".to_owned()));
    let libraries = labels(&complete(&mut client, &uri, text, "transf"));
    assert!(libraries.contains(&"transformers".to_owned()));

    // A language code after a character that takes two UTF-16 units; the edit replaces `fr`.
    let french = complete(&mut client, &uri, text, "🤗, fr");
    let items = french["items"].as_array().unwrap();
    let item = items.iter().find(|i| i["label"] == "fr").unwrap();
    assert_eq!(item["detail"], "French");
    let after_hug = json!({ "line": 4, "character": 15 });
    assert_eq!(item["textEdit"]["range"]["start"], after_hug);
    // In a block list, and by English name.
    let list = "---\nlanguage:\n- en\n- Fren\n---\n";
    let list_uri = client.open(&dir.path().join("list.md"), list);
    let by_name = labels(&complete(&mut client, &list_uri, list, "- Fren"));
    assert!(by_name.contains(&"fr".to_owned()), "{by_name:?}");
    // The body gets nothing.
    let body = complete(&mut client, &uri, text, "# Mod");
    assert_eq!(body, Value::Null);
    assert!(client.shutdown().success());
}

fn hover(client: &mut Client, uri: &str, text: &str, at: &str) -> String {
    let offset = text.find(at).unwrap();
    let result = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position_utf16(text, offset) }),
    );
    assert_eq!(result["contents"]["kind"], "markdown", "{result}");
    result["contents"]["value"].as_str().unwrap().to_owned()
}

#[test]
fn hover_explains_keys_values_and_findings() {
    let Opened {
        mut client, uri, ..
    } = open_card(CARD);

    let key = hover(&mut client, &uri, CARD, "pipeline_tag");
    assert!(key.contains("The model's task"), "{key}");
    assert!(key.contains("Takes a Hub task (pipeline tag)"), "{key}");
    let value = hover(&mut client, &uri, CARD, "en\n");
    assert!(value.contains("`en`: English"), "{value}");
    let wrong = hover(&mut client, &uri, CARD, "Text-Generation");
    assert!(wrong.contains("Did you mean `text-generation`?"), "{wrong}");
    // On a finding: the rule's explanation, as `cardgen explain` prints it.
    let finding = hover(&mut client, &uri, CARD, "[More Information Needed]");
    let explain = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(["explain", "CG203"])
        .output()
        .unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    // `explain` starts with a line of its own (code, name, default severity), then the docs.
    let (_, docs) = explain.split_once('\n').unwrap();
    assert!(finding.contains("**CG203 placeholder-text**"), "{finding}");
    assert!(finding.contains(docs.trim()), "{finding}\n---\n{explain}");
    assert!(client.shutdown().success());
}

/// Markdown that is not a model card gets no findings; a README.md beside model files, and any
/// Markdown under a cardgen configuration, does.
#[test]
fn only_model_cards_get_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for sub in ["notes", "model", "configured"] {
        std::fs::create_dir(root.join(sub)).unwrap();
    }
    std::fs::write(root.join("model/model.safetensors"), b"weights").unwrap();
    std::fs::write(root.join("configured/cardgen.toml"), "[rules]\n").unwrap();
    let body = "# A model\n\nNo front matter here.\n";
    let mut client = Client::start(root);
    let notes = client.open(&root.join("notes/README.md"), body);
    let model = client.open(&root.join("model/README.md"), body);
    let configured = client.open(&root.join("configured/guide.md"), body);
    let loose = client.open(
        &root.join("notes/guide.md"),
        "---\nlicense: nope\n---\n# x\n",
    );
    assert_eq!(client.diagnostics(&notes, 1), Vec::<Value>::new());
    assert!(codes(&client.diagnostics(&model, 1)).contains(&"CG002"));
    assert!(codes(&client.diagnostics(&configured, 1)).contains(&"CG002"));
    assert!(codes(&client.diagnostics(&loose, 1)).contains(&"CG102"));
    assert!(client.shutdown().success());
}

/// Each card gets the configuration of its own directory, and a changed cardgen.toml is read
/// again when the editor reports it.
#[test]
fn configuration_per_document_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("quiet")).unwrap();
    std::fs::write(
        root.join("quiet/cardgen.toml"),
        "[rules]\nplaceholder-text = \"off\"\n",
    )
    .unwrap();
    let mut client = Client::start(root);
    let loud = client.open(&root.join("README.md"), CARD);
    let quiet = client.open(&root.join("quiet/README.md"), CARD);
    assert!(codes(&client.diagnostics(&loud, 1)).contains(&"CG203"));
    assert!(!codes(&client.diagnostics(&quiet, 1)).contains(&"CG203"));

    std::fs::write(
        root.join("cardgen.toml"),
        "[rules]\ninvalid-language = \"off\"\n",
    )
    .unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&root.join("cardgen.toml")), "type": 1 }] }),
    );
    let reloaded = client.diagnostics(&loud, 1);
    assert!(!codes(&reloaded).contains(&"CG105"), "{reloaded:#?}");
    // A configuration that cannot be read is one error at the top of the card.
    std::fs::write(
        root.join("cardgen.toml"),
        "[rules]\nno-such-rule = \"off\"\n",
    )
    .unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    let broken = client.diagnostics(&loud, 1);
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert!(
        broken[0]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-rule"),
        "{broken:#?}"
    );
    // Saving a configuration file open in the editor reloads it too.
    std::fs::write(root.join("cardgen.toml"), "[rules]\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&root.join("cardgen.toml")) } }),
    );
    let saved = client.diagnostics(&loud, 1);
    assert!(codes(&saved).contains(&"CG105"), "{saved:#?}");
    assert!(client.shutdown().success());
}

/// Malformed frames, bodies that are not JSON, bad parameters, unknown methods, requests before
/// initialize, and hostile documents: each gets an error or nothing, and the server goes on.
#[test]
fn the_server_survives_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn(dir.path(), &[]);
    let early = client.call("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.request("initialize", json!({ "capabilities": { "general": 7 } }));
    client.notify("initialized", json!({}));

    client.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    let parse_error = client.wait_for(|m| m["error"]["code"] == -32700);
    assert_eq!(parse_error["id"], Value::Null);
    client.send_raw(b"garbage header\r\n\r\n");
    client.wait_for(|m| m["error"]["code"] == -32700);
    client.send(&json!({ "jsonrpc": "2.0", "id": 99, "params": [] }));
    let invalid = client.wait_for(|m| m["id"] == 99);
    assert_eq!(invalid["error"]["code"], -32600);
    let bad_params = client.call("textDocument/hover", json!({ "position": "here" }));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    let unknown = client.call("textDocument/rename", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("textDocument/didChange", json!({ "nonsense": true }));
    client.notify("no/such/notification", json!(null));

    // Hostile documents: deep nesting, an alias bomb, a lone `---`, a huge line, positions
    // past the end and inside a surrogate pair.
    let nested = format!(
        "---\na: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n";
    let long = format!("---\nlicense: {}\n---\n", "🤗".repeat(100_000));
    for (i, text) in [nested.as_str(), bomb, "---", "\u{feff}", long.as_str()]
        .iter()
        .enumerate()
    {
        let uri = client.open(&dir.path().join(format!("{i}/README.md")), text);
        client.diagnostics(&uri, 1);
        for position in [
            json!({ "line": 99, "character": 0 }),
            json!({ "line": 1, "character": 10 }),
            json!({ "line": 1, "character": 100_000_000 }),
        ] {
            client.request(
                "textDocument/hover",
                json!({ "textDocument": { "uri": uri }, "position": position }),
            );
            client.request(
                "textDocument/completion",
                json!({ "textDocument": { "uri": uri }, "position": position }),
            );
            client.request(
                "textDocument/codeAction",
                json!({ "textDocument": { "uri": uri }, "range": { "start": position, "end": position }, "context": { "diagnostics": [] } }),
            );
        }
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [{ "range": { "start": { "line": 50, "character": 3 }, "end": { "line": 0, "character": 1 } }, "text": "é" }],
            }),
        );
        client.diagnostics(&uri, 2);
    }
    // A document that was never opened.
    let none = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere.md" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(none, Value::Null);
    assert!(client.shutdown().success());
}

#[test]
fn exit_codes_follow_the_protocol() {
    let dir = tempfile::tempdir().unwrap();
    // `exit` without `shutdown`: 1.
    let (mut client, _) = Client::start_with(dir.path(), &[], json!({}));
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
    // The input closes: 1.
    let (client, _) = Client::start_with(dir.path(), &[], json!({}));
    assert_eq!(client.wait().code(), Some(1));
    // Requests after shutdown are refused.
    let (mut client, _) = Client::start_with(dir.path(), &[], json!({}));
    client.request("shutdown", Value::Null);
    let late = client.call("textDocument/hover", json!({}));
    assert_eq!(late["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(0));
    // Bad options stop it before the protocol starts: 2, with the reason.
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(["server", "-A", "no-such-rule"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-rule"));
}

/// A client that can watch files is asked to report changes to the configuration files.
#[test]
fn watches_configuration_files_where_the_client_can() {
    let dir = tempfile::tempdir().unwrap();
    let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } });
    let (mut client, _) = Client::start_with(dir.path(), &[], caps);
    let register = client.wait_for(|m| m["method"] == "client/registerCapability");
    let registration = &register["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(
        globs,
        ["**/cardgen.toml", "**/.cardgen.toml", "**/pyproject.toml"]
    );
    client.send(&json!({ "jsonrpc": "2.0", "id": register["id"], "result": null }));
    assert!(client.shutdown().success());
}
