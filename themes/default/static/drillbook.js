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
      unit_templates: 'templates',
      unit_guides: 'guides',
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
      var s = t(el.getAttribute('data-i18n'));
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

  function copyButton(btn, status, getText, selectOnFail) {
    var timer = null;
    btn.addEventListener('click', function () {
      // Clear the last result first, so a stale "Copied" never stands for this copy.
      window.clearTimeout(timer);
      btn.classList.remove('copied');
      if (status) status.textContent = '';
      copyText(getText()).then(function (ok) {
        var msg = t(ok ? 'copied' : 'copy_failed');
        if (!ok && selectOnFail) selectContents(selectOnFail);
        btn.classList.toggle('copied', ok);
        if (status) status.textContent = msg;
        announce(msg);
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          btn.classList.remove('copied');
          if (status) status.textContent = '';
        }, 2500);
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
      var btn = button('copy', 'copy-template');
      var status = document.createElement('span');
      status.className = 'copy-status';
      status.setAttribute('aria-hidden', 'true');
      head.appendChild(btn);
      head.appendChild(status);
      copyButton(btn, status, function () { return code.textContent; }, code);
    });
    fillAll();
  }

  // ---- start -----------------------------------------------------------------
  function start() {
    try {
      $all('[data-js-only]').forEach(function (el) { el.hidden = false; });
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
    copyText: copyText
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
