/* drillbook reader script.
 *
 * Loaded in <head> without `defer`: the first part runs at once and sets the
 * remembered preferences on <html> (UI language, Chinese notes, show all
 * answers) so the page does not flash; the rest wires the page up when the
 * DOM is ready. Everything here is progressive enhancement: the built page
 * already shows answers, the template text, its form and preview.
 *
 * What the browser remembers lives in localStorage under keys prefixed with
 * <html data-storage-key> (every file:// page shares one storage), and every
 * access is guarded: localStorage can throw (file:// in some browsers,
 * private mode, storage disabled).
 *
 * Other scripts (search.js) can read and extend the UI strings:
 *   drillbook.strings.en.my_key = '…'; drillbook.strings.zh.my_key = '…';
 *   drillbook.t('my_key'); drillbook.lang();
 *   document.addEventListener('drillbook:lang', e => e.detail.lang);
 * and mark elements with data-i18n="key" (text; for <input>/<textarea> the
 * placeholder), data-i18n-placeholder, data-i18n-aria-label, data-i18n-title.
 */
(function () {
  'use strict';

  var html = document.documentElement;
  var prefix = html.getAttribute('data-storage-key') || 'drillbook:';

  // ---- storage (never throws) ------------------------------------------
  var memory = {};
  var store = {
    get: function (key) {
      try {
        var v = window.localStorage.getItem(prefix + key);
        return v === null ? (key in memory ? memory[key] : null) : v;
      } catch (e) {
        return key in memory ? memory[key] : null;
      }
    },
    set: function (key, value) {
      memory[key] = String(value);
      try { window.localStorage.setItem(prefix + key, String(value)); } catch (e) { /* kept in memory */ }
    },
    remove: function (key) {
      delete memory[key];
      try { window.localStorage.removeItem(prefix + key); } catch (e) { /* nothing to do */ }
    },
    getJSON: function (key, fallback) {
      var raw = store.get(key);
      if (raw === null) return fallback;
      try {
        var v = JSON.parse(raw);
        return v && typeof v === 'object' ? v : fallback;
      } catch (e) {
        return fallback;
      }
    },
    setJSON: function (key, value) { store.set(key, JSON.stringify(value)); }
  };

  // ---- UI strings --------------------------------------------------------
  var strings = {
    en: {
      skip_to_content: 'Skip to content',
      home: 'Home',
      back_home: 'Back to the home page',
      modules: 'Modules',
      drills: 'Drills',
      templates: 'Templates',
      guides: 'Guides',
      unit_drills: 'drills',
      unit_drills_one: 'drill',
      unit_templates: 'templates',
      unit_templates_one: 'template',
      unit_guides: 'guides',
      unit_guides_one: 'guide',
      menu: 'Menu',
      close_menu: 'Close menu',
      contents: 'Contents',
      book_contents: 'Book contents',
      on_this_page: 'On this page',
      toggle_module: 'Show or hide the pages of {name}',
      nav_all_pages: 'Show all {n} pages',
      updated: 'Updated',
      print_book: 'Print the whole handbook',
      print_module: 'Print this module',
      print_hint: 'Use your browser\'s Print (Ctrl+P) to save this as a PDF.',
      print_parts: 'This print page is split into parts; print each one.',
      print_volumes: 'This handbook is too big for one print page: print it module by module.',
      pages: 'Pages',
      previous_page: 'Previous page',
      next_page: 'Next page',
      clear: 'Clear',
      cleared: 'Cleared',
      copy_plain: 'Copy as plain text',
      copied_blanks: 'Copied — {n} blanks still empty: {names}',
      copied_blanks_one: 'Copied — 1 blank still empty: {names}',
      tags: 'Tags',
      tag: 'Tag',
      tags_label: 'Tags',
      no_tags: 'No tags yet.',
      empty_module: 'Nothing here yet.',
      kind: 'Kind',
      module: 'Module',
      level: 'Level',
      kind_drill: 'drill',
      kind_template: 'template',
      kind_guide: 'guide',
      level_junior: 'junior',
      level_mid: 'mid',
      level_senior: 'senior',
      level_staff: 'staff',
      draft: 'draft',
      drafts_banner: 'Drafts are shown in this build.',
      previous: 'Previous',
      next: 'Next',
      not_found: 'Page not found',
      built_with: 'Built with drillbook.',
      chinese_notes: 'Chinese notes',
      ui_language: 'Interface language',
      show_all_answers: 'Show all answers',
      model_answer: 'Model answer',
      reveal_answer: 'Reveal answer',
      hide_answer: 'Hide answer',
      self_check: 'Self-check',
      reset: 'Reset',
      checked_of: '{n} of {total} checked',
      preview: 'Preview',
      fill_blanks: 'Fill in the blanks',
      copy: 'Copy',
      copy_code: 'Copy code',
      copied: 'Copied',
      copy_failed: 'Could not copy: the text is selected, press Ctrl+C',
      search: 'Search',
      search_label: 'Search',
      search_placeholder: 'Search (press /)',
      search_hint: 'English or Chinese; arrow keys to choose, Enter to open, Esc to close',
      search_results: 'Search results',
      no_results: 'No results',
      sources: 'Sources'
    },
    zh: {
      skip_to_content: '跳到正文',
      home: '首页',
      back_home: '返回首页',
      modules: '模块',
      drills: '演练',
      templates: '模板',
      guides: '指南',
      unit_drills: '个演练',
      unit_templates: '个模板',
      unit_guides: '篇指南',
      menu: '菜单',
      close_menu: '关闭菜单',
      contents: '目录',
      book_contents: '手册目录',
      on_this_page: '本页内容',
      toggle_module: '展开或收起「{name}」',
      nav_all_pages: '显示全部 {n} 页',
      updated: '更新于',
      print_book: '打印整本手册',
      print_module: '打印本模块',
      print_hint: '用浏览器的“打印”（Ctrl+P）可另存为 PDF。',
      print_parts: '本打印页分为几个部分，请逐一打印。',
      print_volumes: '本手册太大，无法放在一个打印页中：请逐个模块打印。',
      pages: '分页',
      previous_page: '上一页',
      next_page: '下一页',
      clear: '清空',
      cleared: '已清空',
      copy_plain: '复制纯文本',
      copied_blanks: '已复制——还有 {n} 个空未填：{names}',
      tags: '标签',
      tag: '标签',
      tags_label: '标签',
      no_tags: '还没有标签。',
      empty_module: '这里还没有内容。',
      kind: '类型',
      module: '模块',
      level: '级别',
      kind_drill: '演练',
      kind_template: '模板',
      kind_guide: '指南',
      level_junior: '初级',
      level_mid: '中级',
      level_senior: '高级',
      level_staff: '资深',
      draft: '草稿',
      drafts_banner: '此构建包含草稿。',
      previous: '上一篇',
      next: '下一篇',
      not_found: '页面不存在',
      built_with: '由 drillbook 生成。',
      chinese_notes: '中文笔记',
      ui_language: '界面语言',
      show_all_answers: '显示全部答案',
      model_answer: '参考答案',
      reveal_answer: '显示答案',
      hide_answer: '隐藏答案',
      self_check: '自查清单',
      reset: '重置',
      checked_of: '已勾选 {n} / {total}',
      preview: '预览',
      fill_blanks: '填空',
      copy: '复制',
      copy_code: '复制代码',
      copied: '已复制',
      copy_failed: '无法复制：文本已选中，请按 Ctrl+C',
      search: '搜索',
      search_label: '搜索',
      search_placeholder: '搜索（按 / 键）',
      search_hint: '英文或中文；上下方向键选择，回车打开，Esc 关闭',
      search_results: '搜索结果',
      no_results: '没有结果',
      sources: '参考资料'
    }
  };

  function normLang(v) { return v === 'zh' ? 'zh' : v === 'en' ? 'en' : null; }
  var uiLang = normLang(store.get('ui-lang')) || normLang(html.getAttribute('data-ui-lang')) || 'en';

  function t(key, vars) {
    var table = strings[uiLang] || {};
    // A count picks the singular where the language has one (`key_one`).
    if (vars && vars.n === 1 && (key + '_one') in table) key = key + '_one';
    var s = key in table ? table[key] : key in strings.en ? strings.en[key] : null;
    if (s !== null && vars) {
      s = s.replace(/\{(\w+)\}/g, function (m, k) { return k in vars ? String(vars[k]) : m; });
    }
    return s;
  }

  // ---- preferences applied before first paint -----------------------------
  html.classList.add('js');
  html.setAttribute('data-ui-lang', uiLang);
  html.setAttribute('data-zh-notes', store.get('zh-notes') === 'off' ? 'off' : 'on');
  html.setAttribute('data-show-answers', store.get('show-answers') === 'on' ? 'on' : 'off');

  // ---- helpers ----------------------------------------------------------
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function announce(text) {
    var el = document.querySelector('[data-announcer]');
    if (!el) return;
    el.textContent = '';
    window.setTimeout(function () { el.textContent = text; }, 30);
  }

  function setKey(el, key) {
    el.setAttribute('data-i18n', key);
    var s = t(key);
    if (s !== null) el.textContent = s;
  }

  function button(key, className) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    setKey(b, key);
    return b;
  }

  /** The page's id for remembering things: its path below the site root. */
  function pageId() {
    var here = location.href.split('#')[0].split('?')[0];
    var root;
    try { root = new URL(html.getAttribute('data-root') || './', here).href; } catch (e) { root = ''; }
    var id = root && here.indexOf(root) === 0 ? here.slice(root.length) : location.pathname;
    return id.replace(/index\.html$/, '') || '/';
  }

  // ---- UI language --------------------------------------------------------
  function applyLang() {
    html.setAttribute('data-ui-lang', uiLang);
    var zh = uiLang === 'zh';
    $all('[data-i18n]').forEach(function (el) {
      var count = el.getAttribute('data-count');
      var s = t(el.getAttribute('data-i18n'), count === null ? null : { n: Number(count) });
      if (s === null) return;
      if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') el.setAttribute('placeholder', s);
      else el.textContent = s;
      el.setAttribute('lang', zh ? 'zh-Hans' : 'en');
    });
    ['placeholder', 'aria-label', 'title'].forEach(function (attr) {
      $all('[data-i18n-' + attr + ']').forEach(function (el) {
        var s = t(el.getAttribute('data-i18n-' + attr));
        if (s !== null) el.setAttribute(attr, s);
      });
    });
    $all('[data-en]').forEach(function (el) {
      var en = el.getAttribute('data-en');
      var text = zh ? el.getAttribute('data-zh') || en : en;
      if (el.tagName === 'TITLE') { document.title = text; return; }
      el.textContent = text;
      el.setAttribute('lang', zh && el.getAttribute('data-zh') ? 'zh-Hans' : 'en');
    });
    $all('[data-label-en]').forEach(function (el) {
      var en = el.getAttribute('data-label-en');
      el.textContent = zh ? el.getAttribute('data-label-zh') || en : en;
    });
    $all('[data-set-ui-lang]').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-set-ui-lang') === uiLang));
    });
    $all('.rubric').forEach(updateRubricCount);
    try {
      document.dispatchEvent(new CustomEvent('drillbook:lang', { detail: { lang: uiLang } }));
    } catch (e) { /* very old browser: no listeners to tell */ }
  }

  function setupLangSwitch() {
    $all('[data-set-ui-lang]').forEach(function (b) {
      b.addEventListener('click', function () {
        uiLang = normLang(b.getAttribute('data-set-ui-lang')) || 'en';
        store.set('ui-lang', uiLang);
        applyLang();
      });
    });
  }

  // ---- Chinese notes --------------------------------------------------------
  function setupZhSwitch() {
    $all('[data-zh-switch]').forEach(function (box) {
      box.checked = html.getAttribute('data-zh-notes') !== 'off';
      box.addEventListener('change', function () {
        var on = box.checked;
        html.setAttribute('data-zh-notes', on ? 'on' : 'off');
        store.set('zh-notes', on ? 'on' : 'off');
        $all('[data-zh-switch]').forEach(function (other) { other.checked = on; });
      });
    });
  }

  // ---- answers (practice mode) ------------------------------------------
  function setAnswer(section, open) {
    var body = section.querySelector('.answer-body');
    var btn = section.querySelector('.reveal');
    if (!body || !btn) return;
    body.hidden = !open;
    section.classList.toggle('is-open', open);
    btn.setAttribute('aria-expanded', String(open));
    setKey(btn, open ? 'hide_answer' : 'reveal_answer');
  }

  function setupAnswers() {
    var sections = $all('section.answer');
    var showAll = html.getAttribute('data-show-answers') === 'on';
    sections.forEach(function (section, i) {
      var body = section.querySelector('.answer-body');
      if (!body) return;
      if (!body.id) body.id = 'answer-body-' + (i + 1);
      var btn = button('reveal_answer', 'reveal');
      btn.setAttribute('aria-controls', body.id);
      btn.setAttribute('aria-expanded', 'false');
      body.parentNode.insertBefore(btn, body);
      btn.addEventListener('click', function () {
        setAnswer(section, btn.getAttribute('aria-expanded') !== 'true');
      });
      setAnswer(section, showAll);
    });
    $all('[data-show-all-answers]').forEach(function (box) {
      box.checked = showAll;
      box.addEventListener('change', function () {
        var on = box.checked;
        html.setAttribute('data-show-answers', on ? 'on' : 'off');
        store.set('show-answers', on ? 'on' : 'off');
        sections.forEach(function (s) { setAnswer(s, on); });
      });
    });
  }

  // ---- rubric self-check -------------------------------------------------
  function rubricKey(section) { return 'rubric:' + pageId() + '#' + (section.id || 'rubric'); }

  function updateRubricCount(section) {
    var out = section.querySelector('.rubric-count');
    if (!out) return;
    var boxes = $all('input.rubric-check', section);
    var n = boxes.filter(function (b) { return b.checked; }).length;
    out.textContent = t('checked_of', { n: n, total: boxes.length });
  }

  function setupRubrics() {
    $all('section.rubric').forEach(function (section) {
      var boxes = $all('input.rubric-check', section);
      if (!boxes.length) return;
      var key = rubricKey(section);
      var saved = store.getJSON(key, {});
      boxes.forEach(function (b) {
        var id = b.getAttribute('data-rubric-item');
        b.checked = saved[id] === true;
        b.addEventListener('change', function () {
          var state = store.getJSON(key, {});
          if (b.checked) state[id] = true; else delete state[id];
          if (Object.keys(state).length) store.setJSON(key, state); else store.remove(key);
          updateRubricCount(section);
        });
      });
      var bar = document.createElement('div');
      bar.className = 'rubric-bar';
      var count = document.createElement('span');
      count.className = 'rubric-count';
      var reset = button('reset', 'reset');
      reset.addEventListener('click', function () {
        boxes.forEach(function (b) { b.checked = false; });
        store.remove(key);
        updateRubricCount(section);
        announce(count.textContent);
      });
      bar.appendChild(count);
      bar.appendChild(reset);
      section.appendChild(bar);
      updateRubricCount(section);
    });
  }

  // ---- copying ---------------------------------------------------------------
  function fallbackCopy(text) {
    var ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.setAttribute('aria-hidden', 'true');
    ta.style.position = 'fixed';
    ta.style.top = '0';
    ta.style.left = '0';
    ta.style.width = '1px';
    ta.style.height = '1px';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    var active = document.activeElement;
    ta.focus();
    ta.select();
    ta.setSelectionRange(0, text.length);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(ta);
    if (active && active.focus) active.focus();
    return ok;
  }

  /** Copies `text` exactly; resolves to true on success. */
  function copyText(text) {
    var clip = navigator.clipboard;
    if (clip && clip.writeText && window.isSecureContext) {
      return clip.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); }
      );
    }
    return Promise.resolve(fallbackCopy(text));
  }

  function selectContents(el) {
    try {
      var range = document.createRange();
      range.selectNodeContents(el);
      var sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    } catch (e) { /* nothing selectable */ }
  }

  /** `message()` (optional) says what a successful copy did. */
  function copyButton(btn, status, getText, selectOnFail, message) {
    var timer = null;
    btn.addEventListener('click', function () {
      // Clear the last result first, so a stale "Copied" never stands for this copy.
      window.clearTimeout(timer);
      btn.classList.remove('copied');
      if (status) status.textContent = '';
      copyText(getText()).then(function (ok) {
        var msg = ok ? (message ? message() : t('copied')) : t('copy_failed');
        if (!ok && selectOnFail) selectContents(selectOnFail);
        btn.classList.toggle('copied', ok);
        if (status) status.textContent = msg;
        announce(msg);
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          btn.classList.remove('copied');
          if (status) status.textContent = '';
        }, ok && message ? 6000 : 2500);
      });
    });
  }

  // ---- code blocks ---------------------------------------------------------
  function setupCodeBlocks() {
    $all('pre.code').forEach(function (pre) {
      var code = pre.querySelector('code') || pre;
      var wrap = document.createElement('div');
      wrap.className = 'code-block';
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var btn = button('copy', 'copy-code');
      btn.setAttribute('data-i18n-aria-label', 'copy_code');
      btn.setAttribute('aria-label', t('copy_code'));
      wrap.appendChild(btn);
      // The code as written: the block's one final line break is not part of it.
      copyButton(btn, null, function () { return code.textContent.replace(/\n$/, ''); }, code);
    });
  }

  // ---- templates ------------------------------------------------------------
  var BLANKS_KEY = 'blanks';
  var values = store.getJSON(BLANKS_KEY, {});

  function fillAll() {
    $all('[data-template-text] [data-blank], [data-template-preview] [data-blank]').forEach(function (span) {
      var name = span.getAttribute('data-blank');
      var v = values[name];
      var filled = typeof v === 'string' && v !== '';
      // textContent, never innerHTML: typed values are text.
      span.textContent = filled ? v : '{{' + name + '}}';
      span.classList.toggle('filled', filled);
    });
  }

  function setupTemplates() {
    var sections = $all('section.template');
    sections.forEach(function (section) {
      var text = section.querySelector('[data-template-text]');
      if (!text) return;
      var code = text.querySelector('code') || text;
      var form = section.querySelector('[data-template-form]');
      if (form) {
        form.addEventListener('submit', function (e) { e.preventDefault(); });
        $all('input[data-blank]', form).forEach(function (input) {
          var name = input.getAttribute('data-blank');
          if (typeof values[name] === 'string') input.value = values[name];
          input.addEventListener('input', function () {
            values = store.getJSON(BLANKS_KEY, values);
            if (input.value === '') delete values[name]; else values[name] = input.value;
            store.setJSON(BLANKS_KEY, values);
            $all('input[data-blank]').forEach(function (other) {
              if (other !== input && other.getAttribute('data-blank') === name) other.value = input.value;
            });
            fillAll();
          });
        });
      }
      var head = section.querySelector('.template-head') || section;
      var actions = document.createElement('div');
      actions.className = 'template-actions';
      var btn = button('copy', 'copy-template');
      var status = document.createElement('span');
      status.className = 'copy-status';
      status.setAttribute('aria-hidden', 'true');
      actions.appendChild(btn);
      var format = section.getAttribute('data-format') || 'text';
      var plainBtn = null;
      if (MARKUP_FORMATS.indexOf(format) >= 0) {
        plainBtn = button('copy_plain', 'copy-plain');
        actions.appendChild(plainBtn);
      }
      if (form) {
        var clear = button('clear', 'clear-template');
        clear.addEventListener('click', function () { clearCard(section, form, status); });
        actions.appendChild(clear);
      }
      head.appendChild(actions);
      head.appendChild(status);
      var said = function () { return copiedMessage(section); };
      copyButton(btn, status, function () { return code.textContent; }, code, said);
      if (plainBtn) {
        copyButton(plainBtn, status, function () { return plainText(code.textContent, format); }, code, said);
      }
    });
    fillAll();
  }

  /** Formats whose text carries Slack or Markdown markup. */
  var MARKUP_FORMATS = ['slack', 'github', 'markdown'];

  /** "Copied", or which of this card's blanks are still empty. */
  function copiedMessage(section) {
    var names = [];
    $all('[data-template-text] [data-blank]', section).forEach(function (span) {
      var name = span.getAttribute('data-blank');
      if (!span.classList.contains('filled') && names.indexOf(name) < 0) names.push(name);
    });
    if (!names.length) return t('copied');
    return t('copied_blanks', { n: names.length, names: names.join(', ') });
  }

  /** Empties this card's fields and forgets their values; other blanks stay. */
  function clearCard(section, form, status) {
    values = store.getJSON(BLANKS_KEY, values);
    $all('input[data-blank]', form).forEach(function (input) {
      var name = input.getAttribute('data-blank');
      delete values[name];
      $all('input[data-blank]').forEach(function (other) {
        if (other.getAttribute('data-blank') === name) other.value = '';
      });
    });
    if (Object.keys(values).length) store.setJSON(BLANKS_KEY, values); else store.remove(BLANKS_KEY);
    fillAll();
    if (status) status.textContent = t('cleared');
    announce(t('cleared'));
    var first = form.querySelector('input');
    if (first) first.focus();
  }

  /**
   * The text without Slack/Markdown markup: headings, quotes, task boxes,
   * bold, italics, strike-through, inline code and fences go; links keep
   * their text and address. Blanks (`{{name}}`) are left as they are.
   */
  function plainText(text, format) {
    var out = [];
    text.split('\n').forEach(function (line) {
      if (/^\s*(```|~~~)/.test(line)) return;
      line = line
        .replace(/^(\s*)#{1,6}\s+/, '$1')
        .replace(/^(\s*)>\s?/, '$1')
        .replace(/^(\s*[-*+]\s+)\[[ xX]\]\s+/, '$1');
      if (format === 'slack') {
        line = line.replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, '$2 ($1)').replace(/<((?:https?|mailto):[^>]+)>/g, '$1');
      }
      line = line
        .replace(/!?\[([^\]]+)\]\(([^)\s]+)\)/g, '$1 ($2)')
        .replace(/`([^`]+)`/g, '$1')
        .replace(/(\*\*|__)(?=\S)([^*_]*?\S)\1/g, '$2')
        .replace(/(^|[^\w*~])([*_~]{1,2})(?=\S)([^*_~]*?\S)\2(?![\w*~])/g, '$1$3');
      out.push(line);
    });
    return out.join('\n');
  }

  // ---- book navigation: sidebar / phone drawer, on this page --------------
  // The module/page tree comes from static/toc.js (window.__drillbookToc),
  // one cached file for the whole book, so a page's own HTML does not grow
  // with the number of pages. Collapsed modules are drawn when opened.
  var NAV_KEY = 'nav-open';
  var KIND_KEYS = { t: 'kind_template', g: 'kind_guide' };

  function href(url) { return (html.getAttribute('data-root') || '') + (/\.html$/.test(url) ? url : url + 'index.html'); }

  function titled(tag, en, zh) {
    var el = document.createElement(tag);
    el.setAttribute('data-en', en);
    if (zh) el.setAttribute('data-zh', zh);
    el.textContent = uiLang === 'zh' && zh ? zh : en;
    return el;
  }

  // A toc.js entry's folder: relative to its module's (`dir`), without the final `/`.
  function folder(p, dir) { return dir + p[0] + '/'; }

  function pageItem(p, dir, here) {
    var li = document.createElement('li');
    var a = titled('a', p[1], p[2]);
    var url = folder(p, dir);
    a.href = href(url);
    a.className = 'nav-page';
    if (url === here) a.setAttribute('aria-current', 'page');
    li.appendChild(a);
    if (KIND_KEYS[p[3]]) {
      var k = document.createElement('span');
      k.className = 'nav-kind nav-kind-' + p[3];
      setKey(k, KIND_KEYS[p[3]]);
      li.appendChild(k);
    }
    return li;
  }

  // A module of thousands of pages would cost a second of layout on every
  // page load: past NAV_WINDOW pages only a window around the current page
  // is drawn, with a button where pages are left out that draws them all.
  var NAV_WINDOW = 150;

  function fillPages(list, pages, dir, here) {
    var frag = document.createDocumentFragment();
    var from = 0, to = pages.length;
    if (pages.length > NAV_WINDOW) {
      var at = 0;
      for (var i = 0; i < pages.length; i++) { if (folder(pages[i], dir) === here) { at = i; break; } }
      from = Math.max(0, Math.min(at - NAV_WINDOW / 3, pages.length - NAV_WINDOW));
      to = from + NAV_WINDOW;
    }
    function more() {
      var li = document.createElement('li');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'nav-more';
      b.setAttribute('data-i18n', 'nav_all_pages');
      b.setAttribute('data-count', String(pages.length));
      b.textContent = t('nav_all_pages', { n: pages.length });
      b.addEventListener('click', function () {
        list.textContent = '';
        var all = document.createDocumentFragment();
        pages.forEach(function (p) { all.appendChild(pageItem(p, dir, here)); });
        list.appendChild(all);
        var link = list.querySelector('[aria-current="page"]') || list.querySelector('a');
        if (link) { link.focus(); link.scrollIntoView({ block: 'center' }); }
      });
      li.appendChild(b);
      return li;
    }
    if (from > 0) frag.appendChild(more());
    for (var j = from; j < to; j++) frag.appendChild(pageItem(pages[j], dir, here));
    if (to < pages.length) frag.appendChild(more());
    list.appendChild(frag);
  }

  function moduleItem(m, here, open, state) {
    var li = document.createElement('li');
    li.className = 'nav-module';
    var head = document.createElement('div');
    head.className = 'nav-module-head';
    var toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'nav-toggle';
    var listId = 'nav-m-' + m.id;
    toggle.setAttribute('aria-controls', listId);
    var label = function () { toggle.setAttribute('aria-label', t('toggle_module', { name: uiLang === 'zh' && m.z ? m.z : m.t })); };
    label();
    document.addEventListener('drillbook:lang', label);
    var link = titled('a', m.t, m.z);
    link.href = href(m.u);
    var inModule = here === m.u || here.indexOf(m.u + 'page-') === 0;
    if (inModule) link.setAttribute('aria-current', 'page');
    head.appendChild(toggle);
    head.appendChild(link);
    var list = document.createElement('ul');
    list.className = 'nav-pages';
    list.id = listId;
    var drawn = false;
    function set(on) {
      if (on && !drawn) { fillPages(list, m.p, m.u, here); drawn = true; }
      list.hidden = !on;
      toggle.setAttribute('aria-expanded', String(on));
      li.classList.toggle('is-open', on);
    }
    toggle.addEventListener('click', function () {
      var on = toggle.getAttribute('aria-expanded') !== 'true';
      set(on);
      var saved = store.getJSON(NAV_KEY, {});
      saved[m.id] = on;
      store.setJSON(NAV_KEY, saved);
    });
    set(open);
    li.appendChild(head);
    li.appendChild(list);
    return li;
  }

  function setupSidebar() {
    var toc = window.__drillbookToc;
    var aside = document.querySelector('[data-sidebar]');
    var nav = document.querySelector('[data-book-nav]');
    if (!toc || !aside || !nav || html.getAttribute('data-view') === 'print') return false;
    var here = html.getAttribute('data-url') || '';
    var state = store.getJSON(NAV_KEY, {});
    var top = document.createElement('ul');
    top.className = 'nav-modules';
    var home = document.createElement('li');
    home.className = 'nav-home';
    var homeLink = document.createElement('a');
    homeLink.href = href('');
    setKey(homeLink, 'home');
    if (here === '') homeLink.setAttribute('aria-current', 'page');
    home.appendChild(homeLink);
    top.appendChild(home);
    toc.m.forEach(function (m) {
      var current = here.indexOf(m.u) === 0 && m.p.some(function (p) { return folder(p, m.u) === here; });
      var open = current || (m.id in state ? state[m.id] === true : false);
      top.appendChild(moduleItem(m, here, open, state));
    });
    if (toc.g.length) {
      var guides = document.createElement('li');
      guides.className = 'nav-module nav-guides';
      var list = document.createElement('ul');
      list.className = 'nav-pages';
      fillPages(list, toc.g, '', here);
      guides.appendChild(list);
      top.appendChild(guides);
    }
    var tags = document.createElement('li');
    tags.className = 'nav-home';
    var tagsLink = document.createElement('a');
    tagsLink.href = href('tags/');
    setKey(tagsLink, 'tags');
    if (here.indexOf('tags/') === 0) tagsLink.setAttribute('aria-current', 'page');
    tags.appendChild(tagsLink);
    top.appendChild(tags);
    // The header's Review link (practice.js) stays one tap away on phones.
    var review = document.querySelector('.site-nav .review-link');
    if (review) {
      var rli = document.createElement('li');
      rli.className = 'nav-home';
      var ra = document.createElement('a');
      ra.href = review.getAttribute('href');
      ra.setAttribute('data-i18n', 'review');
      ra.textContent = (review.querySelector('[data-i18n]') || review).textContent;
      if (here.indexOf('review/') === 0) ra.setAttribute('aria-current', 'page');
      rli.appendChild(ra);
      top.appendChild(rli);
    }
    nav.appendChild(top);
    aside.hidden = false;
    html.classList.add('has-sidebar');
    var current = nav.querySelector('.nav-page[aria-current="page"]');
    if (current) {
      // Scroll the sidebar, not the page, so the current page is in view.
      var box = aside.getBoundingClientRect(), at = current.getBoundingClientRect();
      aside.scrollTop += at.top - box.top - aside.clientHeight / 3;
    }
    return true;
  }

  // The drawer: the sidebar as a modal dialog on narrow screens.
  function focusables(root) {
    return $all('a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])', root)
      .filter(function (el) { return el.offsetParent !== null || el === document.activeElement; });
  }

  function setupDrawer() {
    var button = document.querySelector('[data-menu-button]');
    var aside = document.querySelector('[data-sidebar]');
    var backdrop = document.querySelector('[data-drawer-backdrop]');
    if (!button || !aside) return;
    function isOpen() { return html.classList.contains('drawer-open'); }
    function close() {
      if (!isOpen()) return;
      html.classList.remove('drawer-open');
      aside.removeAttribute('role');
      aside.removeAttribute('aria-modal');
      if (backdrop) backdrop.hidden = true;
      button.setAttribute('aria-expanded', 'false');
      button.focus();
    }
    function open() {
      html.classList.add('drawer-open');
      aside.setAttribute('role', 'dialog');
      aside.setAttribute('aria-modal', 'true');
      if (backdrop) backdrop.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      var first = aside.querySelector('[data-drawer-close]');
      if (first) first.focus();
    }
    button.hidden = false;
    button.addEventListener('click', function () { if (isOpen()) close(); else open(); });
    $all('[data-drawer-close]').forEach(function (b) { b.addEventListener('click', close); });
    if (backdrop) backdrop.addEventListener('click', close);
    document.addEventListener('keydown', function (e) {
      if (!isOpen()) return;
      if (e.key === 'Escape') { e.preventDefault(); close(); return; }
      if (e.key !== 'Tab') return;
      // Focus stays inside the drawer while it is open.
      var items = focusables(aside);
      if (!items.length) return;
      var first = items[0], last = items[items.length - 1];
      if (!aside.contains(document.activeElement)) { e.preventDefault(); first.focus(); }
      else if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    });
    // Widening the window turns the drawer back into a sidebar.
    if (window.matchMedia) {
      var wide = window.matchMedia('(min-width: 64rem)');
      var onWide = function () { if (wide.matches) close(); };
      if (wide.addEventListener) wide.addEventListener('change', onWide);
    }
  }

  // On narrow screens the search box waits behind a button in the header.
  function setupSearchButton() {
    var button = document.querySelector('[data-search-button]');
    var box = document.querySelector('.db-search');
    if (!button || !box) return;
    button.hidden = false;
    var input = box.querySelector('input');
    button.addEventListener('click', function () {
      var on = !html.classList.contains('search-open');
      html.classList.toggle('search-open', on);
      button.setAttribute('aria-expanded', String(on));
      if (on && input) input.focus();
    });
    if (input) {
      input.addEventListener('keydown', function (e) {
        if (e.key === 'Escape' && input.value === '' && html.classList.contains('search-open')) {
          html.classList.remove('search-open');
          button.setAttribute('aria-expanded', 'false');
          button.focus();
        }
      });
    }
  }

  // "On this page": the page's h2/h3 (answer and rubric titles included,
  // not headings hidden inside an answer, a note or a preview, nor the
  // practice loop's own panel, which practice.js may add before or after).
  function setupPageToc() {
    var body = document.querySelector('.page-body');
    if (!body || html.getAttribute('data-view') !== 'page') return;
    var heads = $all('h2[id], h3[id]', body).filter(function (h) {
      return !h.closest('.answer-body, .zh-note, .template-preview, .grade-panel');
    });
    if (heads.length < 2) return;
    var links = [];
    // The heading a link was followed to stays current while it is in view,
    // even at the end of the page where later headings are in view too.
    var pinned = null;
    function list() {
      var ol = document.createElement('ol');
      heads.forEach(function (h) {
        var li = document.createElement('li');
        li.className = 'toc-' + h.tagName.toLowerCase();
        var a = document.createElement('a');
        a.href = '#' + h.id;
        var key = h.getAttribute('data-i18n');
        if (key) setKey(a, key); else a.textContent = h.textContent;
        a.addEventListener('click', function () {
          pinned = h;
          var details = a.closest('details');
          if (details && !window.matchMedia('(min-width: 80rem)').matches) details.open = false;
        });
        links.push({ a: a, h: h });
        li.appendChild(a);
        ol.appendChild(li);
      });
      return ol;
    }
    function title(tag) {
      var el = document.createElement(tag);
      el.className = 'page-toc-title';
      setKey(el, 'on_this_page');
      return el;
    }
    var col = document.querySelector('[data-toc-col]');
    if (col) {
      var nav = document.createElement('nav');
      nav.className = 'page-toc';
      nav.setAttribute('aria-labelledby', 'page-toc-title');
      var h = title('p');
      h.id = 'page-toc-title';
      nav.appendChild(h);
      nav.appendChild(list());
      col.appendChild(nav);
      col.hidden = false;
    }
    var details = document.createElement('details');
    details.className = 'page-toc-inline';
    var summary = title('summary');
    details.appendChild(summary);
    var inner = document.createElement('nav');
    inner.setAttribute('aria-label', t('on_this_page'));
    inner.setAttribute('data-i18n-aria-label', 'on_this_page');
    inner.appendChild(list());
    details.appendChild(inner);
    body.parentNode.insertBefore(details, body);
    // Scroll-spy: the section being read is the last heading above 30% of the view.
    var ticking = false;
    function spy() {
      ticking = false;
      var line = window.innerHeight * 0.3, current = null;
      links.forEach(function (l) { if (l.h.getBoundingClientRect().top <= line) current = l.h; });
      if (pinned) {
        var top = pinned.getBoundingClientRect().top;
        if (top > -pinned.offsetHeight && top < window.innerHeight) current = pinned; else pinned = null;
      }
      if (!current) current = heads[0];
      links.forEach(function (l) {
        var on = l.h === current;
        l.a.classList.toggle('is-current', on);
        if (on) l.a.setAttribute('aria-current', 'location'); else l.a.removeAttribute('aria-current');
      });
    }
    window.addEventListener('scroll', function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(spy); }
    }, { passive: true });
    spy();
  }

  // The 404 page has a <base> (so its links work at any depth), which would
  // send "Skip to content" (#main) to the home page: move focus here instead.
  function setupSkipLink() {
    var link = document.querySelector('.skip-link');
    var main = document.getElementById('main');
    if (!link || !main || !document.querySelector('base[href]')) return;
    link.addEventListener('click', function (e) {
      e.preventDefault();
      if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
      main.focus();
      main.scrollIntoView();
    });
  }

  // ---- start -----------------------------------------------------------------
  function start() {
    try {
      if (html.getAttribute('data-view') === 'print') {
        // A printout: no controls; templates show the values the reader typed.
        fillAll();
        applyLang();
        return;
      }
      $all('[data-js-only]').forEach(function (el) { el.hidden = false; });
      setupSkipLink();
      if (setupSidebar()) setupDrawer();
      setupSearchButton();
      setupPageToc();
      setupLangSwitch();
      setupZhSwitch();
      setupAnswers();
      setupRubrics();
      setupCodeBlocks();
      setupTemplates();
      applyLang();
    } finally {
      html.classList.add('db-ready');
    }
  }

  window.drillbook = {
    strings: strings,
    t: t,
    lang: function () { return uiLang; },
    applyLang: function () { applyLang(); },
    store: store,
    copyText: copyText,
    plainText: plainText
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
