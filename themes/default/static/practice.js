/* drillbook practice loop: write first, compare, grade, review when due.
 *
 * One static file shared by every page (loaded after drillbook.js, whose
 * store, string table and announcer it uses). Two parts:
 *
 * 1. FSRS: a small port of the FSRS-6 scheduler with its published default
 *    parameters, as ts-fsrs (MIT) computes it with `enable_short_term: false`
 *    and no fuzz (the "long-term" scheduler: every grade gives whole days,
 *    which is what a handbook practised day by day needs). tests/js/ checks it
 *    against ts-fsrs itself and against pinned reference vectors.
 * 2. The practice UI, wired up on the pages that have something to practise.
 *
 * What it remembers lives under drillbook's per-handbook storage prefix:
 *   practice          {v:1, cards:{pageId: card}} — one key, so the header's
 *                     "due today" count reads one value on every page
 *   attempt:<pageId>  {id, a:{answerId:text}, t0, t1, g, gAt, up, last}
 *   queue             the Review page's order, for j / k on drill pages
 * Nothing is ever sent anywhere.
 */
(function (root) {
  'use strict';

  // ---- 1. FSRS-6 ------------------------------------------------------------
  var W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666,
    0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542];
  var RETENTION = 0.9;
  var MAX_INTERVAL = 36500;
  var S_MIN = 0.001;
  var DAY = 86400000;

  function roundTo(x, places) { var f = Math.pow(10, places); return Math.round(x * f) / f; }
  function clamp(x, lo, hi) { return Math.min(Math.max(x, lo), hi); }

  var DECAY = -W[20];
  var FACTOR = roundTo(Math.exp(Math.log(0.9) / DECAY) - 1, 8);
  var INTERVAL_MODIFIER = roundTo((Math.pow(RETENTION, 1 / DECAY) - 1) / FACTOR, 8);

  /** Probability of recall `t` days after a review that left stability `s`. */
  function retrievability(t, s) { return roundTo(Math.pow(1 + FACTOR * t / s, DECAY), 8); }
  function initStability(g) { return Math.max(W[g - 1], 0.1); }
  function initDifficulty(g) { return roundTo(W[4] - Math.exp((g - 1) * W[5]) + 1, 8); }

  function nextDifficulty(d, g) {
    var delta = -W[6] * (g - 3);
    var damped = d + roundTo(delta * (10 - d) / 9, 8);
    return clamp(roundTo(W[7] * initDifficulty(4) + (1 - W[7]) * damped, 8), 1, 10);
  }

  function recallStability(d, s, r, g) {
    var hard = g === 2 ? W[15] : 1;
    var easy = g === 4 ? W[16] : 1;
    var grown = s * (1 + Math.exp(W[8]) * (11 - d) * Math.pow(s, -W[9]) *
      (Math.exp((1 - r) * W[10]) - 1) * hard * easy);
    return roundTo(clamp(grown, S_MIN, 36500), 8);
  }

  function forgetStability(d, s, r) {
    var f = W[11] * Math.pow(d, -W[12]) * (Math.pow(s + 1, W[13]) - 1) * Math.exp((1 - r) * W[14]);
    return roundTo(clamp(f, S_MIN, 36500), 8);
  }

  /** Memory state after grade `g` given `t` whole days after the last review. */
  function nextMemory(card, t, g) {
    if (!card || (!card.d && !card.s)) {
      return { d: clamp(initDifficulty(g), 1, 10), s: initStability(g) };
    }
    var r = retrievability(t, card.s);
    var s = g === 1
      ? clamp(roundTo(card.s, 8), S_MIN, forgetStability(card.d, card.s, r))
      : recallStability(card.d, card.s, r, g);
    return { d: nextDifficulty(card.d, g), s: s };
  }

  function interval(s) { return Math.min(Math.max(1, Math.round(s * INTERVAL_MODIFIER)), MAX_INTERVAL); }

  /**
   * The four outcomes of reviewing `card` (null for a new drill) `t` days
   * after its last review: {1..4: {d, s, ivl}}. Intervals keep Again < Hard <
   * Good < Easy, as ts-fsrs's long-term scheduler does.
   */
  function preview(card, t) {
    var out = {};
    for (var g = 1; g <= 4; g++) out[g] = nextMemory(card, t, g);
    var again = interval(out[1].s);
    var hard = interval(out[2].s);
    var good = interval(out[3].s);
    var easy = interval(out[4].s);
    again = Math.min(again, hard);
    hard = Math.max(hard, again + 1);
    good = Math.max(good, hard + 1);
    easy = Math.max(easy, good + 1);
    out[1].ivl = again; out[2].ivl = hard; out[3].ivl = good; out[4].ivl = easy;
    return out;
  }

  /** Whole local calendar days from `from` to `to` (both ms). */
  function daysBetween(from, to) {
    var a = new Date(from); var b = new Date(to);
    var da = Date.UTC(a.getFullYear(), a.getMonth(), a.getDate());
    var db = Date.UTC(b.getFullYear(), b.getMonth(), b.getDate());
    return Math.round((db - da) / DAY);
  }

  /** Local midnight starting the day `days` after the day of `ms`. */
  function dayStart(ms, days) {
    var d = new Date(ms);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + (days || 0)).getTime();
  }

  /**
   * `card` after grade `g` at time `now` (ms). A card is
   * {s, d, last, due, ivl, reps, lapses}; `due` is the local midnight
   * starting the day it is due, so "due today" is `due <= now`.
   */
  function review(card, g, now) {
    var t = card ? Math.max(0, daysBetween(card.last, now)) : 0;
    var next = preview(card, t)[g];
    return {
      s: next.s,
      d: next.d,
      last: now,
      ivl: next.ivl,
      due: dayStart(now, next.ivl),
      reps: (card ? card.reps || 0 : 0) + 1,
      lapses: (card ? card.lapses || 0 : 0) + (card && g === 1 ? 1 : 0)
    };
  }

  root.drillbookFSRS = {
    W: W,
    preview: preview,
    review: review,
    retrievability: retrievability,
    daysBetween: daysBetween,
    dayStart: dayStart
  };
})(typeof window !== 'undefined' ? window : globalThis);

(function () {
  'use strict';
  if (typeof document === 'undefined' || !window.drillbook || !window.drillbookFSRS) return;

  var db = window.drillbook;
  var FSRS = window.drillbookFSRS;
  var store = db.store;
  var html = document.documentElement;
  var prefix = html.getAttribute('data-storage-key') || 'drillbook:';
  var DAY = 86400000;
  var GRADES = ['again', 'hard', 'good', 'easy'];
  var NEW_SHOWN = 20;

  // ---- strings (drillbook's table, both UI languages) ---------------------
  var en = {
    review: 'Review', review_title: 'Review', due_today_n: '{n} due today',
    your_answer: 'Your answer', attempt_placeholder: 'Write your answer first, then reveal the model answer.',
    previous_attempt: 'Your previous attempt ({date})', saved: 'Saved',
    time_running: 'Time {time}', answered_in: 'answered in {time}',
    grade_title: 'Grade yourself', grade_hint: 'Compare your answer with the model and the self-check, then choose. The next review is scheduled from your grade.',
    grade_again: 'Again', grade_hard: 'Hard', grade_good: 'Good', grade_easy: 'Easy',
    suggested: 'suggested', suggested_by: 'Suggested by your self-check ({n} of {total} ticked): {grade}',
    graded: 'Graded {grade}. Next review {when}.', in_days: 'in {n} days', in_one_day: 'tomorrow',
    new_attempt: 'New attempt', new_attempt_done: 'Cleared: write a new attempt.',
    reveal_first: 'Reveal an answer first, then grade.', answer_revealed: 'Model answer revealed.',
    all_revealed: 'Every answer is already shown.',
    next_in_queue: 'Next in your review queue', queue_done: 'Your review queue is done for today.',
    shortcuts: 'Keyboard shortcuts', close: 'Close',
    key_r: 'Reveal the next hidden answer', key_grade: 'Grade Again / Hard / Good / Easy', key_jk: 'Next / previous drill (review queue, or module)', key_help: 'Show this list', key_search: 'Search',
    listen: 'Listen', stop: 'Stop', listening: 'Reading aloud', no_voice: 'No local English voice',
    badge_new: 'new', badge_due: 'due', badge_practised: 'practised',
    progress: '{n} / {total} practised', progress_due: '{n} due today',
    review_summary: '{due} due today · {new} new · {week} coming up this week',
    due_title: 'Due today', new_title: 'New drills', week_title: 'Coming up this week',
    nothing_due: 'Nothing is due today.', nothing_new: 'You have practised every drill.', nothing_week: 'Nothing else this week.',
    overdue_by: 'overdue by {n} days', overdue_one: 'overdue by 1 day', due_now: 'due today', due_on: 'due {date}',
    show_all_new: 'Show all {n} new drills', last_grade: 'last: {grade}',
    keep_title: 'Keep your progress', keep_hint: 'Progress lives only in this browser. Export it to a file to keep it or move it to another browser; importing merges it (for each drill the later review wins).',
    export_progress: 'Export progress', import_progress: 'Import progress', reset_progress: 'Reset progress',
    reset_confirm: 'Erase every attempt, tick and review of this handbook in this browser? This cannot be undone.', reset_yes: 'Yes, erase my progress', cancel: 'Cancel',
    reset_done: 'Progress erased.', exported: 'Exported {file}.',
    imported: 'Imported: {cards} drills with reviews merged.',
    import_bad_json: 'Nothing imported: the file is not JSON ({detail}). Your progress is unchanged.',
    import_foreign: 'Nothing imported: this is not a drillbook progress file. Your progress is unchanged.',
    import_other_book: 'Nothing imported: the file holds progress for another handbook ({book}). Your progress is unchanged.',
    import_version: 'Nothing imported: the file has format version {v}; this site reads version 1. Your progress is unchanged.',
    import_invalid: 'Nothing imported: the file is damaged ({detail}). Your progress is unchanged.',
    review_needs_js: 'The review page needs JavaScript: your progress is kept by your browser.',
    start_review: 'Start reviewing', start_new: 'Start practising'
  };
  var zh = {
    review: '复习', review_title: '复习', due_today_n: '今日到期 {n} 个',
    your_answer: '你的回答', attempt_placeholder: '先写下你的回答，再显示参考答案。',
    previous_attempt: '上次的回答（{date}）', saved: '已保存',
    time_running: '用时 {time}', answered_in: '用时 {time}',
    grade_title: '自评', grade_hint: '对照参考答案和自查清单，选择一个评分。下次复习时间按评分安排。',
    grade_again: '重来', grade_hard: '困难', grade_good: '良好', grade_easy: '简单',
    suggested: '建议', suggested_by: '按自查清单（已勾选 {n} / {total}）建议：{grade}',
    graded: '已评为「{grade}」。下次复习：{when}。', in_days: '{n} 天后', in_one_day: '明天',
    new_attempt: '重新作答', new_attempt_done: '已清空，请重新作答。',
    reveal_first: '请先显示答案，再评分。', answer_revealed: '已显示参考答案。',
    all_revealed: '所有答案都已显示。',
    next_in_queue: '复习队列中的下一个', queue_done: '今天的复习队列已完成。',
    shortcuts: '键盘快捷键', close: '关闭',
    key_r: '显示下一个隐藏的答案', key_grade: '评分：重来 / 困难 / 良好 / 简单', key_jk: '下一个 / 上一个演练（复习队列或模块）', key_help: '显示此列表', key_search: '搜索',
    listen: '朗读', stop: '停止', listening: '正在朗读', no_voice: '没有本地英文语音',
    badge_new: '新', badge_due: '到期', badge_practised: '已练习',
    progress: '已练习 {n} / {total}', progress_due: '今日到期 {n} 个',
    review_summary: '今日到期 {due} 个 · 新演练 {new} 个 · 本周待复习 {week} 个',
    due_title: '今日到期', new_title: '新演练', week_title: '本周待复习',
    nothing_due: '今天没有到期的演练。', nothing_new: '所有演练都已练习过。', nothing_week: '本周没有其他待复习的演练。',
    overdue_by: '已逾期 {n} 天', overdue_one: '已逾期 1 天', due_now: '今日到期', due_on: '{date} 到期',
    show_all_new: '显示全部 {n} 个新演练', last_grade: '上次：{grade}',
    keep_title: '保存进度', keep_hint: '进度只保存在这个浏览器里。导出为文件即可保留，或迁移到另一个浏览器；导入时会合并（每个演练以较晚的复习为准）。',
    export_progress: '导出进度', import_progress: '导入进度', reset_progress: '重置进度',
    reset_confirm: '确定清除此手册在本浏览器中的所有回答、勾选和复习记录吗？此操作无法撤销。', reset_yes: '确定清除', cancel: '取消',
    reset_done: '进度已清除。', exported: '已导出 {file}。',
    imported: '已导入：合并了 {cards} 个演练的复习记录。',
    import_bad_json: '未导入：文件不是 JSON（{detail}）。你的进度没有改变。',
    import_foreign: '未导入：这不是 drillbook 进度文件。你的进度没有改变。',
    import_other_book: '未导入：文件属于另一本手册（{book}）。你的进度没有改变。',
    import_version: '未导入：文件格式版本为 {v}，本网站只读取版本 1。你的进度没有改变。',
    import_invalid: '未导入：文件已损坏（{detail}）。你的进度没有改变。',
    review_needs_js: '复习页需要 JavaScript：进度保存在你的浏览器中。',
    start_review: '开始复习', start_new: '开始练习'
  };
  Object.keys(en).forEach(function (k) { db.strings.en[k] = en[k]; db.strings.zh[k] = zh[k]; });
  var t = db.t;

  // ---- helpers --------------------------------------------------------------
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function keyed(tag, key, attrs) {
    var e = el(tag, attrs, t(key));
    e.setAttribute('data-i18n', key);
    return e;
  }
  function announce(text) {
    var live = document.querySelector('[data-announcer]');
    if (!live) return;
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 30);
  }
  /** Focus in a text field: keys are typing, not shortcuts (a ticked checkbox is not). */
  function isTyping(target) {
    if (!target) return false;
    if (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)) return true;
    return target.tagName === 'INPUT' && !/^(checkbox|radio|button|submit|reset|range|color|file)$/i.test(target.type);
  }
  function gradeName(g) { return t('grade_' + GRADES[g - 1]); }
  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600); var m = Math.floor(s / 60) % 60; var sec = s % 60;
    return (h ? h + ':' + (m < 10 ? '0' : '') : '') + m + ':' + (sec < 10 ? '0' : '') + sec;
  }
  function dateText(ms) {
    try {
      return new Date(ms).toLocaleDateString(db.lang() === 'zh' ? 'zh-CN' : 'en', { weekday: 'short', month: 'short', day: 'numeric' });
    } catch (e) { return new Date(ms).toDateString(); }
  }
  function whenText(due, now) {
    var n = FSRS.daysBetween(now, due);
    return dateText(due) + ' (' + (n === 1 ? t('in_one_day') : t('in_days', { n: n })) + ')';
  }
  var rootUrl = (function () {
    try { return new URL(html.getAttribute('data-root') || './', location.href).href; } catch (e) { return ''; }
  })();
  /** A page's id for what the browser remembers: its folder below the site root. */
  function idOf(href) {
    var here = href.split('#')[0].split('?')[0];
    var id = rootUrl && here.indexOf(rootUrl) === 0 ? here.slice(rootUrl.length) : here;
    return id.replace(/index\.html$/, '');
  }
  function urlOf(id) { return rootUrl + id + 'index.html'; }
  var pageId = idOf(location.href);

  // ---- storage ----------------------------------------------------------------
  function loadCards() {
    var p = store.getJSON('practice', {});
    return p.cards && typeof p.cards === 'object' ? p.cards : {};
  }
  function saveCards(cards) { store.setJSON('practice', { v: 1, cards: cards }); }
  /** The drills the handbook has now, by page id, from the shared toc.js
   *  (loaded before this file); null when it is missing. A card of a drill
   *  since deleted or renamed is then not counted as due. */
  function liveDrills() {
    var toc = window.__drillbookToc;
    if (!toc || !toc.m) return null;
    var ids = {};
    toc.m.forEach(function (m) {
      (m.p || []).forEach(function (p) { if (p[3] === 'd') ids[m.u + p[0] + '/'] = true; });
    });
    return ids;
  }
  function dueCount(cards, now) {
    var end = FSRS.dayStart(now, 1);
    var live = liveDrills();
    return Object.keys(cards).filter(function (id) {
      return cards[id].due < end && (!live || live[id]);
    }).length;
  }
  function isDue(card, now) { return card.due < FSRS.dayStart(now, 1); }

  // ---- header count, listing badges, module progress ---------------------------
  function refreshCounts() {
    var cards = loadCards();
    var now = Date.now();
    var n = dueCount(cards, now);
    $all('[data-due-count]').forEach(function (span) {
      span.hidden = n === 0;
      span.textContent = '';
      // The figure for the eye, the words for screen readers ("Review, 2 due today").
      span.appendChild(el('span', { 'class': 'due-number', 'aria-hidden': 'true' }, String(n)));
      span.appendChild(el('span', { 'class': 'visually-hidden' }, ', ' + t('due_today_n', { n: n })));
    });
    var any = Object.keys(cards).length > 0;
    $all('[data-practice-id]').forEach(function (li) {
      var id = (li.getAttribute('data-practice-id') || '').replace(/index\.html$/, '');
      var old = li.querySelector('.practice-badge');
      if (old) old.parentNode.removeChild(old);
      if (!any) return;
      var card = cards[id];
      var state = !card ? 'new' : isDue(card, now) ? 'due' : 'practised';
      var badge = keyed('span', 'badge_' + state, { 'class': 'practice-badge practice-' + state });
      if (card) badge.title = t('due_on', { date: dateText(card.due) });
      var where = li.querySelector('.badges') || li;
      where.appendChild(badge);
    });
    $all('[data-module-progress]').forEach(function (box) {
      var m = box.getAttribute('data-module-progress');
      var total = Number(box.getAttribute('data-drills')) || 0;
      box.hidden = !any || total === 0;
      if (box.hidden) return;
      var done = 0; var due = 0;
      Object.keys(cards).forEach(function (id) {
        if (cards[id].m !== m) return;
        done++;
        if (isDue(cards[id], now)) due++;
      });
      done = Math.min(done, total);
      box.textContent = '';
      var label = el('span', { 'class': 'progress-text' }, t('progress', { n: done, total: total }));
      var bar = el('progress', { max: String(total), value: String(done), 'aria-label': t('progress', { n: done, total: total }) });
      box.appendChild(label);
      if (due) box.appendChild(el('span', { 'class': 'progress-due' }, t('progress_due', { n: due })));
      box.appendChild(bar);
    });
  }

  // ---- speech (Listen) ------------------------------------------------------------
  var synth = window.speechSynthesis;
  function localVoice() {
    if (!synth || typeof synth.getVoices !== 'function') return null;
    var voices = [];
    try { voices = synth.getVoices() || []; } catch (e) { return null; }
    var local = voices.filter(function (v) { return v.localService === true && /^en([-_]|$)/i.test(v.lang || ''); });
    return local.filter(function (v) { return v.default; })[0] ||
      local.filter(function (v) { return /^en[-_]US$/i.test(v.lang); })[0] || local[0] || null;
  }
  var speaking = null;
  function stopSpeaking() {
    if (speaking) { speaking.textContent = t('listen'); speaking.setAttribute('aria-pressed', 'false'); speaking = null; }
    try { synth.cancel(); } catch (e) { /* nothing playing */ }
  }
  function listenButton(getText) {
    var b = keyed('button', 'listen', { type: 'button', 'class': 'listen', 'aria-pressed': 'false', hidden: '' });
    b.addEventListener('click', function () {
      var was = speaking === b;
      stopSpeaking();
      if (was) return;
      var voice = localVoice();
      if (!voice) { b.hidden = true; return; }
      var u = new window.SpeechSynthesisUtterance(getText());
      u.voice = voice;
      u.lang = voice.lang;
      u.onend = u.onerror = function () { if (speaking === b) stopSpeaking(); };
      speaking = b;
      b.textContent = t('stop');
      b.setAttribute('aria-pressed', 'true');
      synth.speak(u);
      announce(t('listening'));
    });
    return b;
  }
  /** English text of an element: Chinese notes, code and controls left out. */
  function englishText(node) {
    var copy = node.cloneNode(true);
    $all('.zh-note, [lang^="zh"], pre, button, .listen', copy).forEach(function (n) { n.parentNode.removeChild(n); });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }
  function refreshListen() {
    var ok = !!localVoice();
    $all('button.listen').forEach(function (b) {
      var section = b.closest('section.answer');
      b.hidden = !ok || (section ? !section.classList.contains('is-open') : false);
    });
  }
  function setupListen() {
    $all('section.answer').forEach(function (section) {
      var body = section.querySelector('.answer-body');
      var reveal = section.querySelector('button.reveal');
      if (!body) return;
      var b = listenButton(function () { return englishText(body); });
      if (reveal && reveal.nextSibling) reveal.parentNode.insertBefore(b, reveal.nextSibling);
      else section.insertBefore(b, body);
    });
    $all('section.template').forEach(function (section) {
      var text = section.querySelector('[data-template-text]');
      if (!text) return;
      var b = listenButton(function () { return (text.querySelector('code') || text).textContent; });
      (section.querySelector('.template-head') || section).appendChild(b);
    });
    if (synth && synth.addEventListener) {
      try { synth.addEventListener('voiceschanged', refreshListen); } catch (e) { /* no event */ }
    }
    refreshListen();
  }

  // ---- the drill page: write, compare, grade ------------------------------------------
  var drill = null;

  function setupDrill() {
    var article = document.querySelector('article.page-drill');
    var answers = article ? $all('section.answer', article) : [];
    if (!answers.length) return;
    var module = article.getAttribute('data-module') || '';
    var key = 'attempt:' + pageId;
    var att = store.getJSON(key, null) || { id: Date.now(), a: {} };
    if (!att.a || typeof att.a !== 'object') att.a = {};
    // A graded attempt from an earlier day is kept as "previous": the drill
    // came back, so the learner answers from a blank page again.
    if (att.g && att.gAt && FSRS.daysBetween(att.gAt, Date.now()) > 0) {
      att = { id: Date.now(), a: {}, last: { a: att.a, at: att.gAt, g: att.g } };
      store.setJSON(key, att);
    }
    drill = { article: article, answers: answers, module: module, key: key, att: att, pairs: [] };

    answers.forEach(function (section, i) {
      var aid = section.id || 'answer-' + (i + 1);
      var pair = el('div', { 'class': 'practice-pair' });
      section.parentNode.insertBefore(pair, section);
      var box = el('div', { 'class': 'attempt', 'data-attempt-for': aid });
      var inputId = 'attempt-' + aid;
      var label = el('label', { 'for': inputId, 'class': 'attempt-label' });
      label.appendChild(keyed('span', 'your_answer'));
      var input = el('textarea', { id: inputId, 'class': 'attempt-input', rows: '6', lang: 'en', 'data-i18n-placeholder': 'attempt_placeholder', placeholder: t('attempt_placeholder') });
      input.value = typeof att.a[aid] === 'string' ? att.a[aid] : '';
      var view = el('div', { 'class': 'attempt-view', lang: 'en' });
      var meta = el('p', { 'class': 'attempt-meta' });
      var watch = el('span', { 'class': 'stopwatch', role: 'timer' });
      var saved = el('span', { 'class': 'attempt-saved' });
      meta.appendChild(watch);
      meta.appendChild(saved);
      box.appendChild(label);
      box.appendChild(input);
      box.appendChild(view);
      box.appendChild(meta);
      var prev = att.last && att.last.a && att.last.a[aid];
      if (typeof prev === 'string' && prev) {
        var details = el('details', { 'class': 'attempt-previous' });
        details.appendChild(el('summary', null, t('previous_attempt', { date: dateText(att.last.at) })));
        details.appendChild(el('div', { 'class': 'attempt-view', lang: 'en' }, prev));
        box.appendChild(details);
      }
      pair.appendChild(box);
      pair.appendChild(section);
      var p = { aid: aid, pair: pair, box: box, input: input, view: view, watch: watch, saved: saved, section: section };
      drill.pairs.push(p);
      input.addEventListener('input', function () { typed(p); });
    });

    drill.panel = gradePanel();
    var rubrics = $all('section.rubric', article);
    var after = rubrics.length ? rubrics[rubrics.length - 1] : drill.pairs[drill.pairs.length - 1].pair;
    after.parentNode.insertBefore(drill.panel.root, after.nextSibling);
    rubrics.forEach(function (r) { r.addEventListener('change', suggest); });
    // drillbook.js flips answers on its reveal buttons and "show all" switch;
    // follow the resulting classes rather than its clicks.
    new MutationObserver(layout).observe(article, { attributes: true, subtree: true, attributeFilter: ['class'] });
    layout();
    window.setInterval(tick, 1000);
    tick();
  }

  function typed(p) {
    var att = drill.att;
    var now = Date.now();
    if (!att.t0 && p.input.value !== '') att.t0 = now;
    if (p.input.value === '') delete att.a[p.aid]; else att.a[p.aid] = p.input.value;
    att.up = now;
    store.setJSON(drill.key, att);
    p.saved.textContent = t('saved');
    tick();
  }

  function elapsed(att) { return att.t0 ? (att.t1 || Date.now()) - att.t0 : 0; }

  function tick() {
    if (!drill) return;
    var att = drill.att;
    // One stopwatch per drill, under the first box.
    drill.pairs[0].watch.textContent = !att.t0 ? '' : att.t1
      ? t('answered_in', { time: clock(elapsed(att)) }) : t('time_running', { time: clock(elapsed(att)) });
  }

  function layout() {
    if (!drill) return;
    var anyOpen = false;
    drill.pairs.forEach(function (p) {
      var open = p.section.classList.contains('is-open');
      var text = p.input.value;
      anyOpen = anyOpen || open;
      var comparing = open && text.trim() !== '';
      if (p.pair.classList.contains('is-comparing') !== comparing) p.pair.classList.toggle('is-comparing', comparing);
      p.box.classList.toggle('is-empty', text.trim() === '');
      // Shown back as text, never as HTML.
      p.view.textContent = text;
      p.view.hidden = !comparing;
      p.input.hidden = comparing;
    });
    var att = drill.att;
    if (anyOpen && att.t0 && !att.t1) {
      att.t1 = Date.now();
      store.setJSON(drill.key, att);
      tick();
    }
    var show = anyOpen || !!att.g;
    if (drill.panel.root.hidden === show) drill.panel.root.hidden = !show;
    refreshListen();
    if (show) { suggest(); previewIntervals(); }
  }

  function gradePanel() {
    var root = el('section', { 'class': 'grade-panel', 'aria-labelledby': 'grade-title', hidden: '' });
    root.appendChild(keyed('h2', 'grade_title', { id: 'grade-title', 'class': 'grade-title' }));
    root.appendChild(keyed('p', 'grade_hint', { 'class': 'grade-hint', id: 'grade-hint' }));
    var group = el('div', { 'class': 'grade-buttons', role: 'group', 'aria-labelledby': 'grade-title', 'aria-describedby': 'grade-suggest' });
    var buttons = [1, 2, 3, 4].map(function (g) {
      var b = el('button', { type: 'button', 'class': 'grade grade-' + GRADES[g - 1], 'data-grade': String(g), 'aria-pressed': 'false', 'aria-keyshortcuts': String(g) });
      b.appendChild(keyed('span', 'grade_' + GRADES[g - 1], { 'class': 'grade-name' }));
      b.appendChild(el('span', { 'class': 'grade-ivl' }));
      b.appendChild(keyed('span', 'suggested', { 'class': 'grade-suggested', hidden: '' }));
      b.appendChild(el('kbd', { 'class': 'grade-key', 'aria-hidden': 'true' }, String(g)));
      b.addEventListener('click', function () { grade(g); });
      group.appendChild(b);
      return b;
    });
    root.appendChild(group);
    var hint = el('p', { 'class': 'grade-suggest', id: 'grade-suggest' });
    var status = el('p', { 'class': 'grade-status' });
    var actions = el('div', { 'class': 'grade-actions' });
    var again = keyed('button', 'new_attempt', { type: 'button', 'class': 'new-attempt' });
    again.addEventListener('click', newAttempt);
    var next = el('a', { 'class': 'queue-next', hidden: '' });
    actions.appendChild(next);
    actions.appendChild(again);
    root.appendChild(hint);
    root.appendChild(status);
    root.appendChild(actions);
    return { root: root, buttons: buttons, hint: hint, status: status, next: next };
  }

  /** Rubric ticks suggest a grade: all → Good, half or more → Hard, fewer → Again. */
  function suggest() {
    if (!drill) return;
    var boxes = $all('input.rubric-check', drill.article);
    var n = boxes.filter(function (b) { return b.checked; }).length;
    var g = !boxes.length ? 0 : n === boxes.length ? 3 : n * 2 >= boxes.length ? 2 : 1;
    drill.panel.buttons.forEach(function (b, i) {
      var on = i + 1 === g;
      b.classList.toggle('is-suggested', on);
      b.querySelector('.grade-suggested').hidden = !on;
    });
    drill.panel.hint.textContent = g ? t('suggested_by', { n: n, total: boxes.length, grade: gradeName(g) }) : '';
    drill.suggested = g;
  }

  function previewIntervals() {
    var cards = loadCards();
    var card = cards[pageId];
    var now = Date.now();
    var base = card && drill.att.g && card.aid === drill.att.id ? card.prev : card;
    var t0 = base ? Math.max(0, FSRS.daysBetween(base.last, now)) : 0;
    var out = FSRS.preview(base || null, t0);
    drill.panel.buttons.forEach(function (b, i) {
      var ivl = out[i + 1].ivl;
      b.querySelector('.grade-ivl').textContent = ivl === 1 ? t('in_one_day') : t('in_days', { n: ivl });
      b.setAttribute('aria-pressed', String(drill.att.g === i + 1 && !!card && card.aid === drill.att.id));
    });
    drill.panel.status.textContent = card && drill.att.g && card.aid === drill.att.id
      ? t('graded', { grade: gradeName(drill.att.g), when: whenText(card.due, now) }) : '';
    queueLink();
  }

  function strip(card) {
    if (!card) return null;
    return { s: card.s, d: card.d, last: card.last, due: card.due, ivl: card.ivl, reps: card.reps, lapses: card.lapses };
  }

  function grade(g) {
    var att = drill.att;
    var now = Date.now();
    var cards = loadCards();
    var card = cards[pageId];
    // Grading the same attempt again replaces its review (a change of mind, not a second review).
    var regrade = !!(card && att.g && card.aid === att.id);
    var base = regrade ? card.prev || null : strip(card);
    var log = card && Array.isArray(card.log) ? card.log.slice() : [];
    if (regrade) log.pop();
    if (!att.t1 && att.t0) att.t1 = now;
    var next = FSRS.review(base, g, now);
    next.m = drill.module;
    next.prev = base;
    next.aid = att.id;
    log.push({ at: now, g: g, ms: elapsed(att) });
    next.log = log.slice(-50);
    cards[pageId] = next;
    saveCards(cards);
    att.g = g;
    att.gAt = now;
    att.up = now;
    store.setJSON(drill.key, att);
    previewIntervals();
    refreshCounts();
    tick();
    announce(t('graded', { grade: gradeName(g), when: whenText(next.due, now) }));
  }

  function newAttempt() {
    var att = drill.att;
    var keep = Object.keys(att.a).length ? { a: att.a, at: att.up || Date.now(), g: att.g } : att.last;
    drill.att = { id: Date.now(), a: {}, last: keep };
    store.setJSON(drill.key, drill.att);
    drill.pairs.forEach(function (p) {
      p.input.value = '';
      p.saved.textContent = '';
      if (p.section.classList.contains('is-open')) { var b = p.section.querySelector('button.reveal'); if (b) b.click(); }
    });
    $all('section.rubric .rubric-bar button', drill.article).forEach(function (b) { b.click(); });
    layout();
    tick();
    drill.pairs[0].input.focus();
    announce(t('new_attempt_done'));
  }

  // ---- review queue and j / k --------------------------------------------------------------
  function queue() { var q = store.getJSON('queue', null); return q && Array.isArray(q.ids) ? q.ids : []; }
  function queueLink() {
    if (!drill) return;
    var ids = queue();
    var i = ids.indexOf(pageId);
    var next = drill.panel.next;
    var target = i >= 0 ? ids[i + 1] : null;
    next.hidden = !target || !drill.att.g;
    if (target) { next.href = urlOf(target); next.textContent = t('next_in_queue') + ' →'; }
  }
  function step(dir) {
    var ids = queue();
    var i = ids.indexOf(pageId);
    if (document.querySelector('[data-review-page]') && ids.length) { location.href = urlOf(ids[dir > 0 ? 0 : ids.length - 1]); return; }
    if (i >= 0 && ids[i + dir]) { location.href = urlOf(ids[i + dir]); return; }
    var rel = document.querySelector(dir > 0 ? 'a[rel="next"]' : 'a[rel="prev"]');
    if (rel) { location.href = rel.href; return; }
    if (i >= 0 && dir > 0) announce(t('queue_done'));
  }

  // ---- keyboard ---------------------------------------------------------------------------
  var dialog = null;
  function shortcutsDialog() {
    if (dialog) return dialog;
    dialog = el('dialog', { 'class': 'shortcuts', 'aria-labelledby': 'shortcuts-title' });
    dialog.appendChild(keyed('h2', 'shortcuts', { id: 'shortcuts-title' }));
    var list = el('dl');
    [['r', 'key_r'], ['1 – 4', 'key_grade'], ['j / k', 'key_jk'], ['/', 'key_search'], ['?', 'key_help']].forEach(function (row) {
      var dt = el('dt');
      dt.appendChild(el('kbd', null, row[0]));
      list.appendChild(dt);
      list.appendChild(keyed('dd', row[1]));
    });
    dialog.appendChild(list);
    var close = keyed('button', 'close', { type: 'button', 'class': 'shortcuts-close' });
    close.addEventListener('click', function () { dialog.close(); });
    dialog.appendChild(close);
    document.body.appendChild(dialog);
    return dialog;
  }
  function showShortcuts() {
    var d = shortcutsDialog();
    if (typeof d.showModal === 'function') { if (!d.open) d.showModal(); } else d.setAttribute('open', '');
    d.querySelector('.shortcuts-close').focus();
  }
  function onKey(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || e.defaultPrevented) return;
    if (dialog && dialog.open) return;
    var k = e.key;
    if (k === '?') { e.preventDefault(); showShortcuts(); return; }
    if (k === 'j' || k === 'k') { e.preventDefault(); step(k === 'j' ? 1 : -1); return; }
    if (!drill) return;
    if (k === 'r') {
      e.preventDefault();
      var hidden = drill.pairs.filter(function (p) { return !p.section.classList.contains('is-open'); })[0];
      if (!hidden) { announce(t('all_revealed')); return; }
      var b = hidden.section.querySelector('button.reveal');
      if (b) b.click();
      hidden.section.scrollIntoView({ block: 'nearest' });
      announce(t('answer_revealed'));
    } else if (/^[1-4]$/.test(k)) {
      e.preventDefault();
      if (drill.panel.root.hidden) { announce(t('reveal_first')); return; }
      grade(Number(k));
    }
  }

  function setupShortcutHints() {
    $all('button.reveal').forEach(function (b) { b.setAttribute('aria-keyshortcuts', 'r'); });
    $all('.practice-bar').forEach(function (bar) {
      var b = keyed('button', 'shortcuts', { type: 'button', 'class': 'shortcuts-open', 'aria-keyshortcuts': '?' });
      b.addEventListener('click', showShortcuts);
      bar.appendChild(b);
    });
  }

  // ---- the Review page ----------------------------------------------------------------------
  var review = null;

  function drillTitle(d) { return db.lang() === 'zh' && d.title_zh ? d.title_zh : d.title; }

  function setupReview() {
    var main = document.querySelector('[data-review-page]');
    if (!main) return;
    // review/drills.js: modules, then [id, title, title_zh, module index] per drill.
    var raw = window.drillbookDrills || { modules: [], drills: [] };
    var data = {
      modules: raw.modules || [],
      drills: (raw.drills || []).map(function (d) {
        var m = (raw.modules || [])[d[3]];
        return { id: d[0], title: d[1], title_zh: d[2], module: m ? m.id : '' };
      })
    };
    review = { main: main, data: data, showAllNew: false };
    $all('[data-review-js]', main).forEach(function (n) { n.hidden = false; });
    var more = main.querySelector('[data-review-more]');
    if (more) more.addEventListener('click', function () { review.showAllNew = true; renderReview(); });
    main.querySelector('[data-export]').addEventListener('click', exportProgress);
    var file = main.querySelector('[data-import]');
    file.addEventListener('change', function () {
      var f = file.files && file.files[0];
      if (!f) return;
      var reader = new FileReader();
      reader.onload = function () { importProgress(String(reader.result)); file.value = ''; };
      reader.onerror = function () { keepStatus(t('import_invalid', { detail: String(reader.error) }), true); file.value = ''; };
      reader.readAsText(f);
    });
    var confirmBox = main.querySelector('[data-reset-confirm]');
    main.querySelector('[data-reset]').addEventListener('click', function () {
      confirmBox.hidden = false;
      confirmBox.querySelector('[data-reset-cancel]').focus();
    });
    confirmBox.querySelector('[data-reset-cancel]').addEventListener('click', function () {
      confirmBox.hidden = true;
      main.querySelector('[data-reset]').focus();
    });
    confirmBox.querySelector('[data-reset-yes]').addEventListener('click', function () {
      resetProgress();
      confirmBox.hidden = true;
      main.querySelector('[data-reset]').focus();
      keepStatus(t('reset_done'));
    });
    renderReview();
  }

  /** Due (most overdue first), new (module order) and this week's drills. */
  function reviewLists(now) {
    var cards = loadCards();
    var end = FSRS.dayStart(now, 1);
    var week = FSRS.dayStart(now, 8);
    var due = []; var fresh = []; var soon = [];
    review.data.drills.forEach(function (d, order) {
      var c = cards[d.id];
      var item = { d: d, c: c, order: order };
      if (!c) fresh.push(item);
      else if (c.due < end) due.push(item);
      else if (c.due < week) soon.push(item);
    });
    due.sort(function (a, b) { return a.c.due - b.c.due || a.order - b.order; });
    soon.sort(function (a, b) { return a.c.due - b.c.due || a.order - b.order; });
    return { due: due, fresh: fresh, soon: soon };
  }

  function moduleTitle(id) {
    var m = review.data.modules.filter(function (x) { return x.id === id; })[0];
    return m ? (db.lang() === 'zh' && m.title_zh ? m.title_zh : m.title) : '';
  }

  function entry(item, note) {
    var li = el('li', { 'data-review-id': item.d.id });
    var a = el('a', { href: urlOf(item.d.id) }, drillTitle(item.d));
    if (db.lang() === 'zh' && item.d.title_zh) a.setAttribute('lang', 'zh-Hans');
    li.appendChild(a);
    var meta = el('span', { 'class': 'review-meta' });
    var mt = moduleTitle(item.d.module);
    if (mt) meta.appendChild(el('span', { 'class': 'module-name' }, mt));
    if (note) meta.appendChild(el('span', { 'class': 'review-when' }, note));
    if (item.c && item.c.log && item.c.log.length) {
      var lastG = item.c.log[item.c.log.length - 1].g;
      meta.appendChild(el('span', { 'class': 'review-last grade-' + GRADES[lastG - 1] }, t('last_grade', { grade: gradeName(lastG) })));
    }
    li.appendChild(meta);
    return li;
  }

  function fill(name, items, note, limit) {
    var list = review.main.querySelector('[data-review-list="' + name + '"]');
    var empty = review.main.querySelector('[data-review-empty="' + name + '"]');
    list.textContent = '';
    items.slice(0, limit || items.length).forEach(function (item) { list.appendChild(entry(item, note(item))); });
    list.hidden = items.length === 0;
    empty.hidden = items.length !== 0;
  }

  function renderReview() {
    if (!review) return;
    var now = Date.now();
    var l = reviewLists(now);
    var today = FSRS.dayStart(now, 0);
    fill('due', l.due, function (item) {
      var late = FSRS.daysBetween(item.c.due, today);
      return late <= 0 ? t('due_now') : late === 1 ? t('overdue_one') : t('overdue_by', { n: late });
    });
    var limit = review.showAllNew ? 0 : NEW_SHOWN;
    fill('new', l.fresh, function () { return ''; }, limit);
    var more = review.main.querySelector('[data-review-more]');
    more.hidden = review.showAllNew || l.fresh.length <= NEW_SHOWN;
    more.textContent = t('show_all_new', { n: l.fresh.length });
    fill('week', l.soon, function (item) { return t('due_on', { date: dateText(item.c.due) }); });
    review.main.querySelector('[data-review-summary]').textContent =
      t('review_summary', { due: l.due.length, 'new': l.fresh.length, week: l.soon.length });
    // j / k on a drill page walk this order: what is due, then what is new.
    var ids = l.due.concat(l.fresh).map(function (i) { return i.d.id; });
    store.setJSON('queue', { ids: ids });
    var start = review.main.querySelector('[data-review-start]');
    start.hidden = ids.length === 0;
    if (ids.length) {
      start.href = urlOf(ids[0]);
      start.textContent = t(l.due.length ? 'start_review' : 'start_new') + ' →';
      start.setAttribute('aria-keyshortcuts', 'j');
    }
  }

  function keepStatus(text, bad) {
    var s = review.main.querySelector('[data-keep-status]');
    s.textContent = text;
    s.classList.toggle('is-error', !!bad);
    announce(text);
  }

  // ---- export / import / reset ----------------------------------------------------------------
  var FORMAT = 'drillbook-progress';

  /** Every key this handbook stored, without the prefix. */
  function ownKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var k = window.localStorage.key(i);
        if (k && k.indexOf(prefix) === 0) keys.push(k.slice(prefix.length));
      }
    } catch (e) { /* storage unavailable: nothing to list */ }
    return keys.sort();
  }

  function snapshot() {
    var out = { format: FORMAT, version: 1, handbook: prefix, exported: new Date().toISOString(), cards: loadCards(), attempts: {}, rubric: {}, settings: {} };
    ownKeys().forEach(function (k) {
      if (k === 'practice') return;
      if (k.indexOf('attempt:') === 0) out.attempts[k.slice(8)] = store.getJSON(k, {});
      else if (k.indexOf('rubric:') === 0) out.rubric[k.slice(7)] = store.getJSON(k, {});
      else out.settings[k] = store.get(k);
    });
    return out;
  }

  function exportProgress() {
    var data = JSON.stringify(snapshot(), null, 1);
    var day = new Date();
    var stamp = day.getFullYear() + '-' + String(day.getMonth() + 1).padStart(2, '0') + '-' + String(day.getDate()).padStart(2, '0');
    var name = 'drillbook-progress-' + prefix.replace(/^drillbook:|:$/g, '').replace(/[^A-Za-z0-9_-]+/g, '-') + '-' + stamp + '.json';
    var url = URL.createObjectURL(new Blob([data], { type: 'application/json' }));
    var a = el('a', { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    keepStatus(t('exported', { file: name }));
  }

  function isObj(v) { return !!v && typeof v === 'object' && !Array.isArray(v); }
  function finite(v) { return typeof v === 'number' && isFinite(v); }

  /** Throws a message key and detail for anything but a progress file of this handbook. */
  function validate(v) {
    function bad(detail) { throw { key: 'import_invalid', vars: { detail: detail } }; }
    if (!isObj(v) || v.format !== FORMAT) throw { key: 'import_foreign' };
    if (v.version !== 1) throw { key: 'import_version', vars: { v: String(v.version) } };
    if (v.handbook !== prefix) throw { key: 'import_other_book', vars: { book: String(v.handbook).replace(/^drillbook:|:$/g, '') } };
    ['cards', 'attempts', 'rubric', 'settings'].forEach(function (k) { if (!isObj(v[k])) bad('`' + k + '` is not an object'); });
    Object.keys(v.cards).forEach(function (id) {
      var c = v.cards[id];
      if (!isObj(c)) bad('card `' + id + '`');
      ['s', 'd', 'last', 'due', 'ivl'].forEach(function (f) { if (!finite(c[f])) bad('card `' + id + '` field `' + f + '`'); });
      if (c.s <= 0 || c.d < 1 || c.d > 10) bad('card `' + id + '` memory state');
      if (c.log !== undefined && !Array.isArray(c.log)) bad('card `' + id + '` log');
      if (c.m !== undefined && typeof c.m !== 'string') bad('card `' + id + '` module');
      // `prev` is what a change of grade for the same attempt goes back to.
      if (c.prev !== undefined && c.prev !== null &&
          !(isObj(c.prev) && finite(c.prev.s) && finite(c.prev.d) && finite(c.prev.last) && c.prev.s > 0)) bad('card `' + id + '` previous state');
    });
    Object.keys(v.attempts).forEach(function (id) {
      var a = v.attempts[id];
      if (!isObj(a) || (a.a !== undefined && !isObj(a.a))) bad('attempt `' + id + '`');
      if (a.a) Object.keys(a.a).forEach(function (k) { if (typeof a.a[k] !== 'string') bad('attempt `' + id + '`'); });
    });
    Object.keys(v.rubric).forEach(function (id) { if (!isObj(v.rubric[id])) bad('ticks `' + id + '`'); });
    Object.keys(v.settings).forEach(function (k) { if (typeof v.settings[k] !== 'string') bad('setting `' + k + '`'); });
  }

  function importProgress(text) {
    var v;
    try { v = JSON.parse(text); } catch (e) { keepStatus(t('import_bad_json', { detail: e.message }), true); return; }
    try { validate(v); } catch (e) {
      if (!e || !e.key) throw e;
      keepStatus(t(e.key, e.vars), true);
      return;
    }
    // Merge: for each drill the later review wins, with its attempt and ticks.
    var cards = loadCards();
    var won = {};
    var merged = 0;
    Object.keys(v.cards).forEach(function (id) {
      var mine = cards[id];
      if (!mine || v.cards[id].last > mine.last) { cards[id] = v.cards[id]; won[id] = true; merged++; }
    });
    function drillOf(key) { return key.split('#')[0]; }
    var writes = [];
    Object.keys(v.attempts).forEach(function (id) {
      if (won[id] || store.get('attempt:' + id) === null) writes.push(['attempt:' + id, JSON.stringify(v.attempts[id])]);
    });
    Object.keys(v.rubric).forEach(function (id) {
      if (won[drillOf(id)] || store.get('rubric:' + id) === null) writes.push(['rubric:' + id, JSON.stringify(v.rubric[id])]);
    });
    Object.keys(v.settings).forEach(function (k) {
      if (k !== 'practice' && k.indexOf('attempt:') !== 0 && k.indexOf('rubric:') !== 0 && store.get(k) === null) writes.push([k, v.settings[k]]);
    });
    saveCards(cards);
    writes.forEach(function (w) { store.set(w[0], w[1]); });
    renderReview();
    refreshCounts();
    keepStatus(t('imported', { cards: merged }));
  }

  function resetProgress() {
    ownKeys().forEach(function (k) {
      if (k === 'practice' || k === 'queue' || k.indexOf('attempt:') === 0 || k.indexOf('rubric:') === 0) store.remove(k);
    });
    renderReview();
    refreshCounts();
  }

  // ---- start ----------------------------------------------------------------------------------
  function start() {
    setupListen();
    setupDrill();
    setupShortcutHints();
    setupReview();
    refreshCounts();
    db.applyLang();
    document.addEventListener('keydown', onKey);
    document.addEventListener('drillbook:lang', function () { refreshCounts(); renderReview(); tick(); if (drill) layout(); });
    // Another tab graded something: keep counts and the review lists current.
    window.addEventListener('storage', function (e) {
      if (e.key === prefix + 'practice') { refreshCounts(); renderReview(); }
    });
    window.addEventListener('pageshow', function (e) { if (e.persisted) { refreshCounts(); renderReview(); } });
    // Speech outlives the page in some browsers: stop it when leaving.
    window.addEventListener('pagehide', function () { if (speaking) stopSpeaking(); });
  }

  window.drillbookPractice = { grade: function (g) { if (drill) grade(g); }, refresh: function () { refreshCounts(); renderReview(); } };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
