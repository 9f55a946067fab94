#!/usr/bin/env python3
"""Generate a synthetic bilingual drill handbook in three formats.

Writes, under --out DIR, the same N page bodies as
  drillbook/  book.toml + content/<module>/<slug>.md (front matter + ::: directives)
  mdbook/     book.toml + src/SUMMARY.md + src/<module>/<slug>.md (directives as <div>s)
  hugo/       hugo.toml + layouts/ + content/<module>/<slug>.md (YAML title/tags)

Deterministic: the same --pages and --seed give the same bytes (stdlib only,
per-page random.Random seeded from a string, lists never sets).

Steps: 1. plan every page (module, kind, title) so links can name existing
pages; 2. render each body from its own RNG; 3. write the drillbook page and
derive the mdBook and Hugo pages from the same body.
"""

import argparse
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus_words as W  # noqa: E402

MODULE_IDS = [m[0] for m in W.MODULES]
TARGET_BYTES = (1700, 2550)  # per page, front matter included: mean about 2.4 KB
_EN_WEIGHTS = [1.0 / (i + 8) for i in range(len(W.ENGLISH))]
_TECH_WEIGHTS = [1.0 / (i + 20) ** 0.7 for i in range(len(W.TECH))]
_ZH_WEIGHTS = [1.0 / (i + 30) ** 0.6 for i in range(len(W.ZH))]


# ---------------------------------------------------------------- text pieces

def en_words(rng, n, tech_share=0.3):
    out = []
    for _ in range(n):
        if rng.random() < tech_share:
            out.append(rng.choices(W.TECH, _TECH_WEIGHTS)[0])
        else:
            out.append(rng.choices(W.ENGLISH, _EN_WEIGHTS)[0])
    return out


def en_sentence(rng, lo=7, hi=18):
    words = en_words(rng, rng.randint(lo, hi))
    # Sprinkle inline code and emphasis the way drill prose does.
    r = rng.random()
    if r < 0.15:
        i = rng.randrange(len(words))
        words[i] = "`" + rng.choice(W.TECH) + "`"
    elif r < 0.22:
        i = rng.randrange(len(words))
        words[i] = "**" + words[i] + "**"
    s = " ".join(words)
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "?"])


def en_paragraph(rng, lo=2, hi=5):
    return " ".join(en_sentence(rng) for _ in range(rng.randint(lo, hi)))


def title_case(words):
    return " ".join(w[0].upper() + w[1:] if i == 0 else w for i, w in enumerate(words))


def zh_sentence(rng, lo=4, hi=12):
    parts = []
    n = rng.randint(lo, hi)
    for i in range(n):
        if rng.random() < 0.06:
            parts.append(" " + rng.choice(W.TECH) + " ")  # mixed-script terms
        else:
            parts.append(rng.choices(W.ZH, _ZH_WEIGHTS)[0])
        if i < n - 1 and rng.random() < 0.18:
            parts.append(rng.choice(W.ZH_PUNCT_MID))
    return "".join(parts).strip() + rng.choice(W.ZH_PUNCT_END)


def zh_paragraph(rng, lo=2, hi=4):
    return "".join(zh_sentence(rng) for _ in range(rng.randint(lo, hi)))


def ident(rng):
    return rng.choice(W.TECH).replace("-", "_")


# ---------------------------------------------------------------- code blocks
# Each block embeds its page and block number, so no block repeats verbatim
# anywhere in the corpus (a highlight cache cannot flatter the results).

def code_bash(rng, uid):
    svc, ns = ident(rng), rng.choice(["prod", "staging", "kube-system", "logging"])
    pool = [
        f"kubectl -n {ns} get pods -o wide | grep {svc}",
        f"kubectl -n {ns} describe pod {svc}-{rng.randint(1000, 9999):x} | tail -n {rng.randint(10, 60)}",
        f"journalctl -u {svc} --since \"-{rng.randint(5, 90)}m\" --no-pager | tail -n {rng.randint(20, 200)}",
        f"dmesg -T | grep -iE '{ident(rng)}|{ident(rng)}' | tail",
        f"df -h /var/lib/{svc} && df -i /var/lib/{svc}",
        f"findmnt -o TARGET,SOURCE,FSTYPE,OPTIONS /var/lib/{svc}",
        f"aws ec2 describe-volumes --volume-ids vol-{rng.getrandbits(32):08x} --query 'Volumes[].State'",
        f"curl -sS -o /dev/null -w '%{{http_code}} %{{time_total}}\\n' https://{svc}.internal:{rng.randint(8000, 9999)}/healthz",
        f"ss -tanp state established '( dport = :{rng.randint(1000, 65000)} )' | wc -l",
        f"for i in $(seq 1 {rng.randint(3, 20)}); do curl -s localhost:{rng.randint(8000, 9000)}/metrics | grep {ident(rng)}; sleep 1; done",
    ]
    lines = [f"# drill {uid}: check {svc} in {ns}"] + rng.sample(pool, rng.randint(3, 5))
    return "bash", lines


def code_yaml(rng, uid):
    name = ident(rng)
    lines = [
        f"# {uid}",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        f"  name: {name}",
        f"  labels: {{ app: {name}, tier: {rng.choice(['web', 'worker', 'batch'])} }}",
        "spec:",
        f"  replicas: {rng.randint(1, 12)}",
        "  template:",
        "    spec:",
        "      containers:",
        f"        - name: {name}",
        f"          image: registry.internal/{name}:{rng.randint(1, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 9)}",
        "          resources:",
        f"            requests: {{ cpu: {rng.randint(50, 900)}m, memory: {rng.randint(64, 2048)}Mi }}",
        f"            limits: {{ memory: {rng.randint(2048, 8192)}Mi }}",
    ]
    if rng.random() < 0.5:
        lines += [
            "          readinessProbe:",
            f"            httpGet: {{ path: /ready, port: {rng.randint(8000, 9000)} }}",
            f"            periodSeconds: {rng.randint(2, 30)}",
        ]
    return "yaml", lines


def code_go(rng, uid):
    fn = ident(rng).capitalize() + rng.choice(["Retry", "Write", "Flush", "Ship", "Sync"])
    base, cap = rng.randint(10, 500), rng.randint(2, 30)
    lines = [
        f"// {fn} is drill {uid}'s example: retry with capped exponential backoff and jitter.",
        f"func {fn}(ctx context.Context, put func(context.Context) error) error {{",
        f"\tbackoff := {base} * time.Millisecond",
        f"\tfor attempt := 1; attempt <= {rng.randint(3, 9)}; attempt++ {{",
        "\t\terr := put(ctx)",
        "\t\tif err == nil || !isRetryable(err) {",
        "\t\t\treturn err",
        "\t\t}",
        f"\t\tmetrics.{ident(rng).capitalize()}Retries.Inc()",
        "\t\tsleep := backoff/2 + time.Duration(rand.Int63n(int64(backoff/2)))",
        "\t\tselect {",
        "\t\tcase <-ctx.Done():",
        "\t\t\treturn ctx.Err()",
        "\t\tcase <-time.After(sleep):",
        "\t\t}",
        f"\t\tbackoff = min(backoff*2, {cap}*time.Second)",
        "\t}",
        f"\treturn fmt.Errorf(\"{fn}: giving up after retries\")",
        "}",
    ]
    return "go", lines


def code_python(rng, uid):
    fn = ident(rng) + "_" + rng.choice(["report", "budget", "estimate", "scan"])
    lines = [
        f"# {uid}: back-of-envelope numbers for the design answer",
        f"def {fn}(mb_per_s={rng.randint(5, 200)}, days={rng.randint(1, 400)}, price_gb={rng.randint(1, 30) / 100}):",
        "    gb = mb_per_s * 86400 * days / 1024",
        f"    replicas = {rng.randint(1, 3)}",
        "    cost = gb * replicas * price_gb",
        f"    print(f\"{{gb:,.0f}} GB x {{replicas}} -> ${{cost:,.2f}} per {rng.choice(['month', 'quarter', 'year'])}\")",
        "    return cost",
        "",
        f"for rate in ({rng.randint(10, 40)}, {rng.randint(41, 90)}, {rng.randint(91, 160)}):",
        f"    {fn}(mb_per_s=rate)",
    ]
    return "python", lines


def code_json(rng, uid):
    name = ident(rng)
    lines = [
        "{",
        f"  \"drill\": \"{uid}\",",
        f"  \"service\": \"{name}\",",
        f"  \"retry\": {{ \"max_attempts\": {rng.randint(2, 10)}, \"base_ms\": {rng.randint(10, 400)}, \"jitter\": {rng.choice(['true', 'false'])} }},",
        f"  \"alerts\": [\"{ident(rng)}_high\", \"{ident(rng)}_burn_rate\"],",
        f"  \"slo\": {{ \"target\": 0.{rng.randint(990, 999)}, \"window_days\": {rng.choice([7, 28, 30])} }}",
        "}",
    ]
    return "json", lines


def code_sql(rng, uid):
    t = ident(rng) + "_events"
    lines = [
        f"-- {uid}: where did the time go?",
        f"SELECT {ident(rng)}_id, count(*) AS n, percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99",
        f"FROM {t}",
        f"WHERE created_at > now() - interval '{rng.randint(1, 72)} hours'",
        f"  AND status IN ({rng.randint(400, 599)}, {rng.randint(400, 599)})",
        f"GROUP BY 1 HAVING count(*) > {rng.randint(5, 500)}",
        f"ORDER BY p99 DESC LIMIT {rng.randint(5, 50)};",
    ]
    return "sql", lines


CODE_GENS = [code_bash, code_yaml, code_go, code_python, code_json, code_sql]


def code_block(rng, uid):
    lang, lines = rng.choice(CODE_GENS)(rng, uid)
    return "```" + lang + "\n" + "\n".join(lines) + "\n```"


# ---------------------------------------------------------------- planning

def plan(n, seed):
    """Module, kind, title and order of every page, from one seeded RNG."""
    rng = random.Random(f"drillbook-corpus:{seed}:plan")
    width = max(5, len(str(n - 1)))
    pages, per_module = [], {m: 0 for m in MODULE_IDS}
    for i in range(n):
        module = rng.choice(MODULE_IDS)
        r = rng.random()
        kind = "drill" if r < 0.78 else ("template" if r < 0.90 else "guide")
        per_module[module] += 1
        words = en_words(rng, rng.randint(4, 8), tech_share=0.45)
        pages.append({
            "i": i,
            "slug": f"page-{i:0{width}d}",
            "module": module,
            "kind": kind,
            "order": per_module[module] * 10,
            "title": title_case(words),
            "title_zh": "".join(rng.choices(W.ZH, k=rng.randint(3, 6))),
        })
    return pages


# ---------------------------------------------------------------- one page

def q(s):
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def template_block(rng, names, uid):
    fmt = rng.choice(W.TEMPLATE_FORMATS)
    title = rng.choice(W.TEMPLATE_TITLES) + ": " + " ".join(en_words(rng, rng.randint(2, 4)))
    lines = []
    for name in names:  # every declared placeholder is used at least once
        lines.append(f"{en_sentence(rng, 4, 9)[:-1]} {{{{{name}}}}} {' '.join(en_words(rng, rng.randint(2, 6)))}.")
    rng.shuffle(lines)
    if fmt in ("github", "markdown"):
        lines = ["**" + en_sentence(rng, 3, 6) + "**", ""] + ["- " + l for l in lines]
    if fmt == "email":
        lines = [f"Subject: [{{{{{names[0]}}}}}] {title}", "", "Hi all,", ""] + lines + ["", "Thanks,", "On-call"]
    if rng.random() < 0.2:
        lines.append(f"  (ref {uid}; ${{{{ secrets.TOKEN }}}} and {{{{ .Values.x }}}} stay literal)")
    return f'::: template {fmt} "{title}"\n' + "\n".join(lines) + "\n:::"


def link_line(rng, pages, me):
    k = rng.randint(1, 3)
    targets = []
    while len(targets) < k and len(pages) > 1:
        t = pages[rng.randrange(len(pages))]
        if t["i"] != me["i"] and t not in targets:
            targets.append(t)
    links = [f"[{t['title']}](../{t['module']}/{t['slug']}.md)" for t in targets]
    return "See also: " + ", ".join(links) + "."


def page_body(p, pages, seed):
    """(front matter lines, body) for page p; the body is shared by all trees."""
    rng = random.Random(f"drillbook-corpus:{seed}:page:{p['i']}")
    uid = f"{p['slug']}"
    nblocks = 0

    def code():
        nonlocal nblocks
        nblocks += 1
        return code_block(rng, f"{uid}.{nblocks}")

    has_template = p["kind"] == "template" or (p["kind"] == "drill" and rng.random() < 0.2)
    names = []
    if has_template:
        names = [ph[0] for ph in rng.sample(W.PLACEHOLDERS, rng.randint(2, 4))]

    parts = []
    if p["kind"] == "drill":
        parts += ["## Scenario", en_paragraph(rng, 3, 5), "## Tasks"]
        parts.append("\n".join(f"{j + 1}. {en_sentence(rng, 5, 11)}" for j in range(rng.randint(2, 4))))
        parts.append(code())
        parts.append("::: zh\n" + zh_paragraph(rng, 2, 4) + "\n\n- " + zh_sentence(rng) + "\n- " + zh_sentence(rng) + "\n:::")
        answer = ["**" + en_sentence(rng, 4, 8) + "**", "",
                  "\n".join(f"{j + 1}. {en_sentence(rng, 6, 14)}" for j in range(rng.randint(3, 5)))]
        if rng.random() < 0.5:
            answer += ["", code()]
        parts.append("::: answer\n" + "\n".join(answer) + "\n:::")
        parts.append("::: rubric\n" + "\n".join("- " + en_sentence(rng, 4, 10) for _ in range(rng.randint(4, 6))) + "\n:::")
        if has_template:
            parts.append(template_block(rng, names, uid))
    elif p["kind"] == "template":
        parts += ["## When to use it", en_paragraph(rng, 2, 4)]
        parts.append(template_block(rng, names[: max(1, len(names) // 2)] if len(names) > 2 else names, uid))
        if len(names) > 2:
            parts.append(template_block(rng, names[len(names) // 2:], uid + "b"))
        parts.append("::: zh\n" + zh_paragraph(rng, 2, 4) + "\n:::")
        parts += ["## Notes", en_paragraph(rng, 2, 3), code()]
        parts.append("::: rubric\n" + "\n".join("- " + en_sentence(rng, 4, 10) for _ in range(4)) + "\n:::")
    else:  # guide
        parts += ["## Why this matters", en_paragraph(rng, 3, 5)]
        parts.append("::: zh\n" + zh_paragraph(rng, 3, 5) + "\n:::")
        parts.append("| term | 中文 | note |\n|---|---|---|\n" + "\n".join(
            f"| {rng.choice(W.TECH)} | {rng.choice(W.ZH)} | {' '.join(en_words(rng, rng.randint(3, 7)))} |"
            for _ in range(rng.randint(3, 5))))
        parts += ["## How to practise", en_paragraph(rng, 2, 4), code()]
        if rng.random() < 0.5:
            parts.append(code())
    if len(pages) > 1:
        parts.append(link_line(rng, pages, p))

    fm = [
        "---",
        f"title: {q(p['title'])}",
        f"title_zh: {q(p['title_zh'])}",
        f"kind: {p['kind']}",
        f"module: {p['module']}",
        f"tags: [{', '.join(rng.sample(W.TAGS, rng.randint(2, 4)))}]",
    ]
    if rng.random() < 0.9:
        fm.append(f"level: {rng.choice(W.LEVELS)}")
    if rng.random() < 0.3:
        fm.append(f"description: {q(en_sentence(rng, 6, 12))}")
    if names:
        fm.append("placeholders:")
        by_name = {ph[0]: ph for ph in W.PLACEHOLDERS}
        for name in names:
            _, label, label_zh, examples = by_name[name]
            fm.append(f"  {name}: {{ label: {q(label)}, label_zh: {q(label_zh)}, example: {q(rng.choice(examples))} }}")
    fm.append(f"order: {p['order']}")
    fm.append("---")

    # Pad with prose (before the "See also" line) up to this page's target size.
    target = rng.randint(*TARGET_BYTES)
    size = len(("\n".join(fm) + "\n\n" + "\n\n".join(parts)).encode())
    extra = []
    while size < target:
        s = en_sentence(rng)
        extra.append(s)
        size += len(s.encode()) + 1
    if extra:
        parts.insert(len(parts) - 1 if len(pages) > 1 else len(parts), " ".join(extra))
    return fm, "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- other formats

_FENCE_OPEN = re.compile(r"^(:{3,})\s*([A-Za-z][\w-]*)(.*)$")
_FENCE_CLOSE = re.compile(r"^:{3,}\s*$")
_MD_LINK = re.compile(r"\]\(\.\./([\w-]+)/([\w.-]+)\.md\)")


def plain_markdown(body):
    """Directive fences → <div> lines (blank lines around, so Markdown inside
    still renders); a template body becomes a ```text block (verbatim)."""
    out, in_code, stack = [], False, []
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
            out.append(line)
            continue
        if not in_code:
            m = _FENCE_OPEN.match(line)
            if m:
                name, args = m.group(2), m.group(3).strip()
                attrs = f' class="{name}"' + (' lang="zh-Hans"' if name == "zh" else "")
                out += [f"<div{attrs}>", ""]
                if name == "template":
                    out += [f"<p class=\"template-title\">{args}</p>", "", "```text"]
                stack.append(name)
                continue
            if _FENCE_CLOSE.match(line) and stack:
                if stack.pop() == "template":
                    out.append("```")
                out += ["", "</div>"]
                continue
        out.append(line)
    return "\n".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


BOOK_TITLE = "Synthetic SRE drill handbook"


def write_drillbook(root, pages, bodies):
    toml = [
        "[book]",
        f'title = "{BOOK_TITLE}"',
        'title_zh = "合成 SRE 演练手册"',
        'description = "A generated corpus for benchmarks."',
        'base_url = "/"',
        'language = "en"',
        "",
        "[build]",
        'content = "content"',
        'output = "public"',
        'theme = "default"',
        "",
    ]
    for mid, title, title_zh in W.MODULES:
        toml += ["[[modules]]", f'id = "{mid}"', f'title = "{title}"', f'title_zh = "{title_zh}"',
                 f'description = "Generated drills for {title.lower()}."', ""]
    toml += ["[search]", "enabled = true", ""]
    write(os.path.join(root, "book.toml"), "\n".join(toml))
    for p in pages:
        fm, body = bodies[p["i"]]
        write(os.path.join(root, "content", p["module"], p["slug"] + ".md"), "\n".join(fm) + "\n\n" + body)


def write_mdbook(root, pages, bodies):
    write(os.path.join(root, "book.toml"),
          f'[book]\ntitle = "{BOOK_TITLE}"\nlanguage = "en"\nsrc = "src"\n\n'
          '[output.html]\n\n[output.html.search]\nenable = true\n')
    summary = ["# Summary", "", "[Introduction](README.md)", ""]
    write(os.path.join(root, "src", "README.md"), f"# {BOOK_TITLE}\n\nGenerated corpus for benchmarks.\n")
    for mid, title, _ in W.MODULES:
        summary.append(f"- [{title}]({mid}/index.md)")
        write(os.path.join(root, "src", mid, "index.md"), f"# {title}\n")
        for p in sorted((p for p in pages if p["module"] == mid), key=lambda p: p["order"]):
            summary.append(f"  - [{p['title']}]({mid}/{p['slug']}.md)")
            _, body = bodies[p["i"]]
            write(os.path.join(root, "src", mid, p["slug"] + ".md"),
                  f"# {p['title']}\n\n" + plain_markdown(body))
    write(os.path.join(root, "src", "SUMMARY.md"), "\n".join(summary) + "\n")


HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ site.Title }}</title></head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ site.Title }}</a>{{ range site.Sections }} · <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ block "main" . }}{{ end }}
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<main data-pagefind-body>
<h1>{{ .Title }}</h1>
<p>{{ .Section }}{{ range .Params.tags }} · <a href="{{ "tags/" | relURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}</p>
{{ .Content }}
<p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} | {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p>
</main>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<main>
<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main>{{ end }}
""",
    "index.html": """{{ define "main" }}<main>
<h1>{{ site.Title }}</h1>
<link href="{{ "pagefind/pagefind-ui.css" | relURL }}" rel="stylesheet">
<script src="{{ "pagefind/pagefind-ui.js" | relURL }}"></script>
<div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", () => new PagefindUI({ element: "#search", showSubResults: false }));</script>
<ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
</main>{{ end }}
""",
}


def write_hugo(root, pages, bodies):
    write(os.path.join(root, "hugo.toml"),
          'baseURL = "http://127.0.0.1/"\nlanguageCode = "en"\n'
          f'title = "{BOOK_TITLE}"\n'
          'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n\n'
          '[markup.goldmark.renderer]\nunsafe = true\n')
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(root, "layouts", name), text)
    for mid, title, _ in W.MODULES:
        write(os.path.join(root, "content", mid, "_index.md"), f"---\ntitle: {q(title)}\n---\n")
    for p in pages:
        fm, body = bodies[p["i"]]
        tags = next(l for l in fm if l.startswith("tags: "))
        text = plain_markdown(body)
        # Pretty URLs: content/a/x.md is /a/x/, so ../b/y.md is ../../b/y/.
        text = _MD_LINK.sub(lambda m: f"](../../{m.group(1)}/{m.group(2)}/)", text)
        write(os.path.join(root, "content", p["module"], p["slug"] + ".md"),
              f"---\ntitle: {q(p['title'])}\n{tags}\nweight: {p['order']}\n---\n\n" + text)


# ---------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True, help="number of pages (N)")
    ap.add_argument("--seed", default="1", help="seed (any string); same seed + N = same bytes")
    ap.add_argument("--out", required=True, help="output directory (replaced)")
    ap.add_argument("--formats", default="drillbook,mdbook,hugo", help="comma-separated trees to write")
    a = ap.parse_args(argv)
    if a.pages < 1:
        ap.error("--pages must be at least 1")
    formats = [f for f in a.formats.split(",") if f]
    for f in formats:
        if f not in ("drillbook", "mdbook", "hugo"):
            ap.error(f"unknown format `{f}`")

    pages = plan(a.pages, a.seed)
    bodies = {p["i"]: page_body(p, pages, a.seed) for p in pages}
    if os.path.exists(a.out):
        shutil.rmtree(a.out)
    writers = {"drillbook": write_drillbook, "mdbook": write_mdbook, "hugo": write_hugo}
    for f in formats:
        writers[f](os.path.join(a.out, f), pages, bodies)
    total = sum(len(("\n".join(fm) + "\n\n" + b).encode()) for fm, b in bodies.values())
    print(f"wrote {a.pages} pages ({total / a.pages:.0f} B/page mean) to {a.out}: {', '.join(formats)}")


if __name__ == "__main__":
    main()
