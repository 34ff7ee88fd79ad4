# Sourced by scripts/bench and scripts/bench-search: the corpus they measure
# and the two sites built over it, so both scripts time the same thing.
#
# A corpus folder is only read: vanban builds from a root of its own (the
# corpus's vanban.toml, its content/ linked), so that its output and its
# search index never land in a corpus that others use too (such as one
# generated once for a whole machine, `--site /work/corpus-heavy`).

# apt_install PACKAGE...: installs Debian packages (the tools compared with,
# the heavy corpus's dictionary) on a machine that lacks them.
apt_install() {
  echo "== installing: $*" >&2
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq "$@" >/dev/null 2>&1 || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@" >/dev/null; }
}

# The release binary, in the target folder cargo uses.
vanban_bin() {
  cargo build --release --quiet
  echo "$(realpath "${CARGO_TARGET_DIR:-target}")/release/vanban"
}

# corpus PROFILE DOCS ARTICLES: prints the folder of the generated corpus,
# generating it once (target/bench/, reused while .done is there).
corpus() {
  local profile=$1 docs=$2 articles=$3 dir
  if [ "$profile" = light ]; then dir=target/bench/corpus-$docs-$articles; else dir=target/bench/corpus-$profile-$docs-$articles; fi
  if [ ! -f "$dir/.done" ]; then
    if [ "$profile" = heavy ] && [ ! -f /usr/share/hunspell/vi_VN.dic ]; then
      apt_install hunspell-vi
    fi
    rm -rf "$dir"
    python3 scripts/gen_corpus.py --profile "$profile" --docs "$docs" --articles "$articles" --out "$dir" >&2
    touch "$dir/.done"
  fi
  realpath "$dir"
}

# vanban_root DIR CORPUS: a vanban site root over CORPUS's content.
vanban_root() {
  local dir=$1 corpus=$2
  mkdir -p "$dir"
  cp "$corpus/vanban.toml" "$dir/vanban.toml"
  ln -sfn "$corpus/content" "$dir/content"
}

# hugo_root DIR CORPUS: a Hugo site over CORPUS's content with a minimal
# layout that renders the same Markdown body into a page, and an empty page
# (search.html) from which the search benchmark runs Pagefind's queries.
hugo_root() {
  local dir=$1 corpus=$2
  rm -rf "$dir"
  mkdir -p "$dir/layouts/_default" "$dir/static"
  ln -s "$corpus/content" "$dir/content"
  cat > "$dir/hugo.toml" <<'TOML'
baseURL = "http://127.0.0.1:1111/"
languageCode = "vi"
title = "bench"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = false
TOML
  cat > "$dir/layouts/_default/single.html" <<'HTML'
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .TableOfContents }}{{ .Content }}</main></body></html>
HTML
  cat > "$dir/layouts/_default/list.html" <<'HTML'
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><main><h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></main></body></html>
HTML
  cat > "$dir/static/search.html" <<'HTML'
<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm</title></head><body data-pagefind-ignore="all"><main><h1>Tìm kiếm</h1></main></body></html>
HTML
}

# timed OUT_FILE COMMAND...: runs the command and writes "seconds peak_kib"
# to OUT_FILE, its output to OUT_FILE.stdout and .stderr (shown on failure).
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out" "$@" >"$out.stdout" 2>"$out.stderr" || {
    cat "$out.stderr" >&2
    return 1
  }
}

# count_files DIR: files under DIR (0 when it is missing).
count_files() {
  if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi
}

# bytes DIR: bytes of the files under DIR (0 when it is missing).
bytes() {
  if [ -e "$1" ]; then find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}'; else echo 0; fi
}
