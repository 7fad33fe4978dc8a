//! `cardgen server` through a real editor's built-in LSP client: headless Neovim (Debian's
//! package; `scripts/setup-editor` installs it) opens a card, attaches the server, prints the
//! diagnostics it received, edits the card and prints them again.
//!
//! Neovim converts the server's UTF-16 ranges to byte columns itself, so the columns it prints
//! check the server's position encoding against an independent implementation.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The script Neovim runs: `vim.lsp.start` where it exists (0.8 and later), else the API of
/// Neovim 0.7 (Debian 12's).
const SCRIPT: &str = r#"
local function say(s) io.stdout:write(s .. '\n') end
local function fail(s, code) say('ERROR ' .. s); vim.cmd('cquit ' .. code) end
local card = os.getenv('CARDGEN_CARD')
vim.cmd('edit ' .. vim.fn.fnameescape(card))
local buf = vim.api.nvim_get_current_buf()
local config = {
  name = 'cardgen',
  cmd = { os.getenv('CARDGEN_BIN'), 'server' },
  root_dir = vim.fn.fnamemodify(card, ':p:h'),
}
local id
if vim.lsp.start then
  id = vim.lsp.start(config) -- Neovim 0.8 and later: starts and attaches to this buffer
else
  id = vim.lsp.start_client(config)
  if id then vim.lsp.buf_attach_client(buf, id) end
end
if not id then fail('the client did not start', 2) end
local function wait(pred)
  return vim.wait(60000, function() return pred(vim.diagnostic.get(buf)) end, 20)
end
local function dump(tag)
  local ds = vim.diagnostic.get(buf)
  table.sort(ds, function(a, b)
    if a.lnum ~= b.lnum then return a.lnum < b.lnum end
    if a.col ~= b.col then return a.col < b.col end
    return tostring(a.code) < tostring(b.code)
  end)
  for _, d in ipairs(ds) do
    say(string.format('%s %d:%d-%d:%d %s %s %s', tag, d.lnum + 1, d.col, d.end_lnum + 1,
      d.end_col, tostring(d.code), vim.diagnostic.severity[d.severity], (d.message:gsub('\n.*', ''))))
  end
end
if not wait(function(ds) return #ds > 0 end) then fail('no diagnostics', 3) end
dump('open')
-- Replace the invalid language (line 4) with a valid one; the server lints the new text.
vim.api.nvim_buf_set_lines(buf, 3, 4, false, { '- fr' })
local relinted = wait(function(ds)
  for _, d in ipairs(ds) do if d.code == 'CG105' then return false end end
  return #ds > 0
end)
if not relinted then fail('no diagnostics after the edit', 4) end
dump('edit')
local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 4, character = 2 } }
local replies = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 30000) or {}
for _, reply in pairs(replies) do
  if reply.result then say('hover ' .. (reply.result.contents.value:gsub('\n.*', ''))) end
end
vim.lsp.stop_client(id)
vim.cmd('qa!')
"#;

/// The card: a finding after characters of two and four bytes (one and two UTF-16 units).
const CARD: &str = "---
language:
- en
- é🤗xx
licence: MIT
---
# Modèle

Usage: 🤗 [More Information Needed]
";

/// `nvim` on the PATH. Missing, the test fails and says how to install it (in CI too: it must
/// run there).
fn nvim() -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("nvim"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "nvim is missing: run scripts/setup-editor (or `apt-get install neovim`); the \
             headless-Neovim test of `cardgen server` needs it"
        )
    })
}

fn run_nvim(nvim: &Path, dir: &Path, card: &Path) -> String {
    let script = dir.join("attach.lua");
    std::fs::write(&script, SCRIPT).unwrap();
    let mut child = Command::new(nvim)
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("CARDGEN_BIN", env!("CARGO_BIN_EXE_cardgen"))
        .env("CARDGEN_CARD", card)
        .env("XDG_STATE_HOME", dir)
        .env("XDG_CACHE_HOME", dir)
        .env("XDG_DATA_HOME", dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", nvim.display()));
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "nvim failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// `line:col-line:col CODE` as Neovim prints them (1-based lines, 0-based byte columns), from
/// `cardgen lint --format json`'s byte spans.
fn expected(card: &Path, text: &str) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_cardgen"))
        .args(["lint", "--format", "json"])
        .arg(card)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let place = |offset: usize| {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        (
            text[..offset].matches('\n').count() + 1,
            offset - line_start,
        )
    };
    let mut want: Vec<(usize, usize, String)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap();
            let (start, end) = match d["span"].as_object() {
                Some(s) => (
                    place(s["start"].as_u64().unwrap() as usize),
                    place(s["end"].as_u64().unwrap() as usize),
                ),
                None => ((1, 0), (1, 0)),
            };
            let text = format!("{}:{}-{}:{} {code}", start.0, start.1, end.0, end.1);
            (start.0, start.1, text)
        })
        .collect();
    want.sort();
    want.into_iter().map(|(_, _, t)| t).collect()
}

fn printed(stdout: &str, tag: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix(tag))
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn neovim_shows_the_servers_diagnostics() {
    let nvim = nvim();
    let dir = tempfile::tempdir().unwrap();
    let card = dir.path().join("README.md");
    std::fs::write(&card, CARD).unwrap();
    let stdout = run_nvim(&nvim, dir.path(), &card);

    let mut opened = printed(&stdout, "open ");
    opened.sort_by_key(|l| {
        let (line, col) = l.split_once('-').unwrap().0.split_once(':').unwrap();
        (
            line.parse::<usize>().unwrap(),
            col.parse::<usize>().unwrap(),
        )
    });
    assert_eq!(opened, expected(&card, CARD), "{stdout}");
    assert!(
        stdout.contains("4:2-4:10 CG105 WARN"),
        "the invalid language, at byte columns 2 to 10: {stdout}"
    );

    let edited = CARD.replace("- é🤗xx", "- fr");
    std::fs::write(&card, &edited).unwrap();
    let mut after = printed(&stdout, "edit ");
    after.sort_by_key(|l| {
        let (line, col) = l.split_once('-').unwrap().0.split_once(':').unwrap();
        (
            line.parse::<usize>().unwrap(),
            col.parse::<usize>().unwrap(),
        )
    });
    assert_eq!(after, expected(&card, &edited), "{stdout}");
    assert!(
        stdout.contains("hover **CG106 unknown-key**"),
        "hover on the misspelt key: {stdout}"
    );
}
