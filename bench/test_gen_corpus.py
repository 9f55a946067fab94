#!/usr/bin/env python3
"""Tests for gen_corpus.py: determinism and the shape of what it writes.

Run: python3 bench/test_gen_corpus.py   (stdlib unittest; ~10 s)
"""

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "gen_corpus.py")
N = 300
ALLOWED_KEYS = {"title", "title_zh", "kind", "module", "tags", "level", "placeholders",
                "draft", "order", "slug", "description"}
MODULES = ["debug", "code-review", "expression", "system-design"]
BLANK = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")
LINK = re.compile(r"\]\((\.\./[^)]+\.md)\)")


def generate(out, pages=N, seed="1"):
    subprocess.run([sys.executable, GEN, "--pages", str(pages), "--seed", seed, "--out", out],
                   check=True, stdout=subprocess.DEVNULL)


def tree_hash(root):
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            h.update(os.path.relpath(path, root).encode() + b"\0")
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def pages_of(root):
    content = os.path.join(root, "drillbook", "content")
    for module in sorted(os.listdir(content)):
        for name in sorted(os.listdir(os.path.join(content, module))):
            path = os.path.join(content, module, name)
            with open(path, encoding="utf-8") as f:
                yield module, name, path, f.read()


def split(text):
    assert text.startswith("---\n"), "no front matter"
    end = text.index("\n---\n", 4)
    return text[4:end].split("\n"), text[end + 5:]


def directives(body):
    """[(name, args, lines)] for top-level ::: blocks, outside code fences."""
    out, in_code, cur = [], False, None
    for line in body.split("\n"):
        if line.startswith("```"):
            in_code = not in_code
        if cur is not None:
            if not in_code and re.fullmatch(r":{3,}\s*", line) and len(line.strip()) >= cur[3]:
                out.append(cur[:3])
                cur = None
            else:
                cur[2].append(line)
            continue
        m = None if in_code else re.match(r"^(:{3,})\s*(\w[\w-]*)\s*(.*)$", line)
        if m:
            cur = (m.group(2), m.group(3), [], len(m.group(1)))
    assert cur is None, "unclosed directive"
    return out


class Corpus(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.a = os.path.join(cls.tmp.name, "a")
        generate(cls.a)
        cls.pages = list(pages_of(cls.a))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_same_seed_same_bytes(self):
        b = os.path.join(self.tmp.name, "b")
        generate(b)
        self.assertEqual(tree_hash(self.a), tree_hash(b))

    def test_other_seed_other_bytes(self):
        c = os.path.join(self.tmp.name, "c")
        generate(c, seed="2")
        self.assertNotEqual(tree_hash(self.a), tree_hash(c))

    def test_three_trees_same_pages(self):
        dk = sorted((m, n) for m, n, _, _ in self.pages)
        self.assertEqual(len(dk), N)
        for tree, sub in (("mdbook", "src"), ("hugo", "content")):
            got = []
            for m in MODULES:
                d = os.path.join(self.a, tree, sub, m)
                got += [(m, n) for n in os.listdir(d) if n.startswith("page-")]
            self.assertEqual(sorted(got), dk, tree)
        with open(os.path.join(self.a, "mdbook", "src", "SUMMARY.md"), encoding="utf-8") as f:
            self.assertEqual(f.read().count("/page-"), N)

    def test_bodies_shared(self):
        # The English prose of each drillbook page appears in the other trees.
        for m, n, _, text in self.pages[:50]:
            _, body = split(text)
            first = body.split("\n\n")[1]
            for tree, sub in (("mdbook", "src"), ("hugo", "content")):
                with open(os.path.join(self.a, tree, sub, m, n), encoding="utf-8") as f:
                    self.assertIn(first, f.read())

    def test_book_toml_modules(self):
        with open(os.path.join(self.a, "drillbook", "book.toml"), encoding="utf-8") as f:
            toml = f.read()
        self.assertEqual(re.findall(r'^id = "([\w-]+)"', toml, re.M), MODULES)

    def test_front_matter(self):
        kinds = {}
        for module, name, path, text in self.pages:
            fm, _ = split(text)
            keys = [l.split(":", 1)[0] for l in fm if l and not l.startswith(" ")]
            self.assertTrue(set(keys) <= ALLOWED_KEYS, (path, keys))
            for k in ("title", "title_zh", "kind", "module", "tags", "order"):
                self.assertIn(k, keys, path)
            self.assertIn(f"module: {module}", fm)
            kind = next(l for l in fm if l.startswith("kind: ")).split()[1]
            kinds[kind] = kinds.get(kind, 0) + 1
        self.assertEqual(set(kinds), {"drill", "template", "guide"})
        self.assertGreater(kinds["drill"], N / 2)

    def test_directives_and_blanks(self):
        n_templates = 0
        for _, _, path, text in self.pages:
            fm, body = split(text)
            blocks = directives(body)
            names = [b[0] for b in blocks]
            declared = [l.split(":")[0].strip() for l in fm if l.startswith("  ")]
            used = set()
            for name, args, lines in blocks:
                self.assertIn(name, {"zh", "answer", "rubric", "template"}, path)
                if name == "rubric":
                    self.assertGreaterEqual(sum(l.startswith("- ") for l in lines), 4, path)
                if name == "zh":
                    self.assertRegex("\n".join(lines), r"[\u4e00-\u9fff]{2}")
                if name == "template":
                    n_templates += 1
                    self.assertRegex(args, r'^(slack|github|markdown|email|text) "[^"]+"$')
                    used |= set(BLANK.findall("\n".join(lines)))
            self.assertEqual(set(declared), used, path)  # declared == used
            if "kind: drill" in fm:
                self.assertIn("answer", names, path)
                self.assertIn("rubric", names, path)
            self.assertIn("zh", names, path)
        self.assertGreater(n_templates, N / 10)

    def test_links_resolve(self):
        n = 0
        for module, _, path, text in self.pages:
            for target in LINK.findall(text):
                n += 1
                full = os.path.normpath(os.path.join(os.path.dirname(path), target))
                self.assertTrue(os.path.isfile(full), (path, target))
        self.assertGreaterEqual(n, N)

    def test_code_blocks_unique_and_varied(self):
        seen, langs = set(), set()
        for _, _, path, text in self.pages:
            blocks = re.findall(r"^```(\w+)\n(.*?)^```$", text, re.M | re.S)
            self.assertTrue(1 <= len(blocks) <= 2, (path, len(blocks)))
            for lang, code in blocks:
                langs.add(lang)
                self.assertNotIn(code, seen, path)
                seen.add(code)
        self.assertEqual(langs, {"bash", "yaml", "go", "python", "json", "sql"})

    def test_size(self):
        sizes = [len(t.encode()) for _, _, _, t in self.pages]
        mean = sum(sizes) / len(sizes)
        self.assertTrue(2200 <= mean <= 2650, mean)

    def test_chinese_bigrams_vary(self):
        bigrams = set()
        for _, _, _, text in self.pages:
            for run in re.findall(r"[\u4e00-\u9fff]+", text):
                bigrams.update(run[i:i + 2] for i in range(len(run) - 1))
        self.assertGreater(len(bigrams), 2000)


if __name__ == "__main__":
    unittest.main(verbosity=1)
