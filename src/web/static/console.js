// loaxa console: plain script, no library. Every sentence comes from the
// page (data-words, rendered by the server from the catalogs); this file
// holds only ids, paths and field names. The server checks every request.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const W = JSON.parse(body.dataset.words || '{}');
  const CSRF = body.dataset.csrf || '';
  const ROLE = body.dataset.role || '';

  // A sentence with its blanks filled: {x} and the named ones.
  function fill(s, x, named) {
    let out = String(s || '').split('{x}').join(x == null ? '' : x);
    for (const k of Object.keys(named || {})) out = out.split('{' + k + '}').join(named[k]);
    return out;
  }
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function say(e, text, good) {
    e.textContent = text || '';
    e.classList.toggle('bad', good === false);
    e.classList.toggle('good', good === true);
  }
  // A number with a fraction, with the page's decimal sign (1,5 in Vietnamese).
  function decimal(x, places) {
    const s = x.toFixed(places);
    return document.documentElement.lang === 'vi' ? s.replace('.', ',') : s;
  }
  function mmss(sec) {
    const s = Math.max(0, Math.round(sec || 0));
    const m = Math.floor(s / 60);
    return m + ':' + String(s % 60).padStart(2, '0');
  }
  const hhmm = (t) => (typeof t === 'string' && t.length >= 16 && t[10] === 'T' ? t.slice(11, 16) : (t || ''));
  const hms = (t) => (typeof t === 'string' && t.length >= 19 && t[10] === 'T' ? t.slice(11, 19) : (t || ''));
  const DAYS = ['CN', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7'];
  function weekday(isoDate) {
    const [y, m, d] = isoDate.split('-').map(Number);
    return DAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  }
  function dayName(code) { return (W.days && W.days[code]) || code; }

  // A request to the API; a refusal is thrown as {status, message, body}.
  async function api(method, path, data, opts) {
    const o = opts || {};
    const init = { method: method, headers: {}, credentials: 'same-origin' };
    if (method !== 'GET') init.headers['x-csrf-token'] = CSRF;
    if (o.text != null) {
      init.headers['content-type'] = 'application/json; charset=utf-8';
      init.body = o.text;
    } else if (data !== undefined) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(data);
    }
    let r;
    try {
      r = await fetch(path, init);
    } catch (e) {
      throw { status: 0, message: W.unreachable };
    }
    if (r.status === 401 && !o.login) {
      location.reload();
      throw { status: 401, message: '' };
    }
    const type = r.headers.get('content-type') || '';
    let b = null;
    if (o.raw && r.ok) b = await r.text();
    else if (type.includes('json')) b = await r.json().catch(() => null);
    if (!r.ok) {
      throw { status: r.status, message: (b && b.message) || ('HTTP ' + r.status), body: b };
    }
    return b;
  }
  const failed = (e) => (e && e.message) || W.unreachable;
  function notLoaded(box, e) {
    clear(box).appendChild(el('p', 'bad', fill(W.notLoaded, failed(e))));
  }

  let toastTimer = null;
  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 5000);
  }

  // The confirm dialog: resolves true when the operator agrees.
  function ask(text) {
    const d = $('confirm');
    $('confirm-text').textContent = text;
    return new Promise((resolve) => {
      const done = (v) => {
        $('confirm-yes').onclick = null;
        $('confirm-no').onclick = null;
        d.onclose = null;
        if (d.open) d.close();
        resolve(v);
      };
      $('confirm-yes').onclick = () => done(true);
      $('confirm-no').onclick = () => done(false);
      d.onclose = () => done(false);
      d.showModal();
    });
  }

  // ---- login ----
  const loginForm = $('login-form');
  if (loginForm) {
    loginForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const msg = $('login-msg');
      say(msg, W.loading);
      try {
        await api('POST', '/api/login', { user: $('login-user').value, password: $('login-password').value }, { login: true });
        location.reload();
      } catch (e) {
        say(msg, failed(e), false);
      }
    });
    return;
  }

  // ---- tabs ----
  const TABS = Array.from(document.querySelectorAll('.tabs a')).map((a) => a.dataset.tab);
  let tab = 'now';
  function showTab() {
    const want = location.hash.slice(1);
    tab = TABS.includes(want) ? want : 'now';
    for (const name of TABS) {
      const s = $('tab-' + name);
      if (s) s.hidden = name !== tab;
    }
    for (const a of document.querySelectorAll('.tabs a')) a.classList.toggle('active', a.dataset.tab === tab);
    if (tab === 'library') loadLibrary();
    if (tab === 'log') loadLog();
    if (tab === 'reports') fillPeriods();
    if (tab === 'schedules') loadScheduleFiles();
  }
  window.addEventListener('hashchange', showTab);

  // ---- status, every 2.5 s ----
  let status = null;
  let nextKey = '';
  async function refresh() {
    try {
      status = await api('GET', '/api/status');
      $('conn').hidden = true;
      showStatus(status);
    } catch (e) {
      if (e.status === 0) $('conn').hidden = false;
    }
  }
  async function poll() {
    await refresh();
    setTimeout(poll, document.hidden ? 10000 : 2500);
  }

  function today() { return status && status.now ? status.now.slice(0, 10) : ''; }

  function showStatus(s) {
    $('station').textContent = s.station || $('station').textContent;
    if (s.now) $('clock').textContent = dayName(weekday(s.now.slice(0, 10))) + ' ' + hms(s.now);
    showOnAir(s.on_air);
    showProblems(s.problems || []);
    showWarnings(s.warnings || []);
    showLast(s.last || []);
    // The schedules or the day changed: the plan is asked again.
    const key = JSON.stringify(s.next || []) + today();
    if (key !== nextKey) {
      nextKey = key;
      loadPlan();
    }
  }

  function showOnAir(a) {
    const box = $('onair');
    box.classList.toggle('live', !!a);
    $('onair-label').textContent = a ? W.onAir : W.nothing;
    $('onair-title').textContent = a ? (a.title || a.file) : '';
    $('onair-detail').textContent = a ? fill(W.onAirDetail, '', { item: a.item + 1, items: a.items, slot: a.slot }) : '';
    const bar = $('onair-progress');
    bar.hidden = !a || a.remaining == null;
    if (a && a.remaining != null) {
      bar.max = Math.max(0.1, a.elapsed + a.remaining);
      bar.value = a.elapsed;
    }
    $('onair-time').textContent = a ? mmss(a.elapsed) + (a.remaining != null ? ' · ' + fill(W.left, mmss(a.remaining)) : '') : '';
    const stop = $('stop');
    if (stop) stop.hidden = !a;
  }

  function showProblems(list) {
    const ul = clear($('problems'));
    if (!list.length) {
      ul.appendChild(el('li', 'ok', W.noProblems));
      return;
    }
    for (const p of list) {
      const li = el('li');
      li.appendChild(el('span', 'kind', (W.kinds && W.kinds[p.kind]) || p.kind));
      li.appendChild(document.createTextNode(p.what));
      if (p.todo) li.appendChild(el('span', 'todo', p.todo));
      ul.appendChild(li);
    }
  }

  function showWarnings(list) {
    $('warnings-box').hidden = !list.length;
    const ul = clear($('warnings'));
    for (const w of list) {
      ul.appendChild(airingLine(w.due_shown ? w.due_shown.slice(-8, -3) : '', w.title, fill(W.warningDue, w.due_shown || '', { count: w.left })));
    }
  }

  function showLast(list) {
    const ul = clear($('last'));
    for (const l of list) {
      const word = (W.results && W.results[l.status]) || l.status;
      const li = airingLine(hhmm(l.scheduled), (l.title || l.file) + ' ', l.reason || '');
      const what = li.querySelector('.what');
      what.insertBefore(el('span', 'state', word), what.childNodes[1] || null).classList.add(l.status);
      ul.appendChild(li);
    }
  }

  function airingLine(at, what, detail) {
    const li = el('li');
    li.appendChild(el('span', 'at', at));
    const w = el('span', 'what', what);
    if (detail) {
      w.appendChild(el('br'));
      w.appendChild(el('span', 'detail', detail));
    }
    li.appendChild(w);
    return li;
  }

  document.addEventListener('click', async (ev) => {
    if (ev.target.id === 'stop') {
      const a = status && status.on_air;
      if (!a || !(await ask(fill(W.confirmStop, a.title || a.file)))) return;
      try {
        toast((await api('POST', '/api/stop', {})).message);
      } catch (e) {
        toast(failed(e));
      }
      refresh();
    } else if (ev.target.id === 'logout') {
      try { await api('POST', '/api/logout', {}); } catch (e) { /* reloaded anyway */ }
      location.reload();
    }
  });

  // ---- the plan: today, the week, and the schedules table ----
  let plan = null;
  async function loadPlan() {
    try {
      plan = await api('GET', '/api/plan?days=7');
    } catch (e) {
      if (e.status === 401) return;
      plan = null;
      showNextFromStatus(e);
      notLoaded($('week-table'), e);
      return;
    }
    showPlan();
    weekTable();
  }

  // Without the plan, the status's few next airings.
  function showNextFromStatus(e) {
    const d = today();
    const next = (status && status.next) || [];
    for (const [id, mine] of [['today', (n) => n.at.slice(0, 10) === d], ['week', (n) => n.at.slice(0, 10) !== d]]) {
      const box = clear($(id));
      const ul = el('ul', 'airings');
      for (const n of next.filter(mine)) {
        const at = id === 'today' ? hhmm(n.at) : n.when.slice(0, -3);
        ul.appendChild(airingLine(at, n.title || n.slot, fill(W.items, n.items) + ' · ' + n.slot));
      }
      box.appendChild(ul);
    }
    $('week').appendChild(el('p', 'bad', fill(W.notLoaded, failed(e))));
  }

  function showPlan() {
    const d = today();
    const now = status ? status.now : '';
    const todays = plan.filter((p) => p.at.slice(0, 10) === d && p.at >= now.slice(0, 19));
    const box = clear($('today'));
    if (!todays.length) box.appendChild(el('p', 'muted', W.noAirings));
    const ul = box.appendChild(el('ul', 'airings'));
    for (const p of todays) ul.appendChild(planLine(p));
    const week = clear($('week'));
    let day = '';
    let list = null;
    for (const p of plan.filter((q) => q.at.slice(0, 10) > d)) {
      if (p.at.slice(0, 10) !== day) {
        day = p.at.slice(0, 10);
        week.appendChild(el('div', 'day-name', dayName(weekday(day)) + ' ' + p.date));
        list = week.appendChild(el('ul', 'airings'));
      }
      list.appendChild(planLine(p));
    }
    if (!week.firstChild) week.appendChild(el('p', 'muted', W.noAirings));
  }

  function planLine(p) {
    const problems = (p.items || []).map((i) => i.problem).filter(Boolean);
    const li = airingLine(hhmm(p.at), p.title || p.slot, fill(W.items, (p.items || []).length) + ' · ' + p.slot);
    for (const pr of problems) li.querySelector('.what').appendChild(el('span', 'reason', pr));
    return li;
  }

  function weekTable() {
    const box = clear($('week-table'));
    if (!plan.length) {
      box.appendChild(el('p', 'muted', W.noAirings));
      return;
    }
    const order = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];
    const times = Array.from(new Set(plan.map((p) => hhmm(p.at)))).sort();
    const t = el('table', 'week');
    const head = t.appendChild(el('thead')).appendChild(el('tr'));
    head.appendChild(el('th', 'time', W.time));
    const todayCode = today() ? weekday(today()) : '';
    for (const d of order) head.appendChild(el('th', d === todayCode ? 'today' : '', dayName(d)));
    const tb = t.appendChild(el('tbody'));
    for (const time of times) {
      const tr = tb.appendChild(el('tr'));
      tr.appendChild(el('th', 'time', time));
      for (const d of order) {
        const td = tr.appendChild(el('td', d === todayCode ? 'today' : ''));
        for (const p of plan.filter((q) => weekday(q.at.slice(0, 10)) === d && hhmm(q.at) === time)) {
          const b = td.appendChild(el('button', 'plain', p.title || p.slot));
          b.type = 'button';
          b.title = p.slot;
          b.dataset.schedule = p.schedule;
          b.dataset.slot = p.slot;
          b.addEventListener('click', () => openSlot(p.schedule, p.slot));
        }
      }
    }
    box.appendChild(t);
  }

  // ---- the drop folder ----
  let library = null;
  async function loadLibrary() {
    const box = $('library-box');
    try {
      library = await api('GET', '/api/library');
    } catch (e) {
      if (e.status !== 401) notLoaded(box, e);
      return;
    }
    const dl = clear($('lib-files'));
    for (const f of library) if (f.state === 'ready') dl.appendChild(el('option')).value = f.file;
    clear(box);
    if (!library.length) {
      box.appendChild(el('p', 'muted', W.emptyLibrary));
      return;
    }
    const t = el('table', 'cards');
    const head = t.appendChild(el('thead')).appendChild(el('tr'));
    for (const h of [W.file, W.state, W.loudness, W.duration, W.usedBy]) head.appendChild(el('th', '', h));
    const tb = t.appendChild(el('tbody'));
    for (const f of library) {
      const tr = tb.appendChild(el('tr'));
      tr.dataset.file = f.file;
      tr.appendChild(el('td', 'file', f.file));
      const st = tr.appendChild(el('td'));
      st.appendChild(el('span', 'state', (W.states && W.states[f.state]) || f.state)).classList.add(f.state);
      if (f.reason) st.appendChild(el('span', 'reason', f.reason));
      tr.appendChild(el('td', 'num', f.loudness == null ? '' : decimal(f.loudness, 1)));
      tr.appendChild(el('td', 'num', f.duration == null ? '' : mmss(f.duration)));
      tr.appendChild(el('td', '', (f.used_by || []).join(', ')));
    }
    labelCells(t);
    box.appendChild(el('div', 'scroll')).appendChild(t);
  }

  // Each cell names its column, for the narrow layout (one card a row).
  function labelCells(t) {
    const heads = Array.from(t.tHead.rows[0].cells).map((h) => h.textContent);
    for (const tr of t.tBodies[0].rows) {
      Array.from(tr.children).forEach((td, i) => { td.dataset.label = heads[i] || ''; });
    }
  }

  // One file sent with its progress; a 409 asks before replacing.
  function send(file, folder, confirm, onProgress) {
    return new Promise((resolve) => {
      const fd = new FormData();
      if (folder) fd.append('folder', folder);
      if (confirm) fd.append('confirm', '1');
      fd.append('file', file, file.name);
      const x = new XMLHttpRequest();
      x.open('POST', '/api/upload');
      x.setRequestHeader('x-csrf-token', CSRF);
      x.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
      x.onload = () => {
        let b = null;
        try { b = JSON.parse(x.responseText); } catch (e) { b = null; }
        resolve({ status: x.status, body: b });
      };
      x.onerror = () => resolve({ status: 0, body: null });
      x.send(fd);
    });
  }

  async function upload(file, folder, list) {
    const li = el('li');
    li.appendChild(el('div', 'name', file.name));
    const bar = li.appendChild(el('progress'));
    bar.max = 1;
    bar.value = 0;
    const msg = li.appendChild(el('p', 'msg'));
    list.appendChild(li);
    let r = await send(file, folder, false, (p) => { bar.value = p; });
    if (r.status === 409 && r.body && r.body.confirm) {
      if (await ask(r.body.message + ' ' + W.confirmReplace)) {
        bar.value = 0;
        r = await send(file, folder, true, (p) => { bar.value = p; });
      }
    }
    if (r.status === 401) location.reload();
    bar.hidden = true;
    if (r.status === 201 && r.body) {
      say(msg, fill(W.uploaded, r.body.path), true);
      loadLibrary();
      return r.body.path;
    }
    say(msg, (r.body && r.body.message) || (r.status ? 'HTTP ' + r.status : W.unreachable), false);
    return null;
  }

  function uploadAll(files) {
    const list = $('uploads');
    const folder = $('upload-folder').value.trim();
    for (const f of files) upload(f, folder, list);
  }

  const drop = $('drop');
  if (drop) {
    $('upload-files').addEventListener('change', (ev) => {
      uploadAll(Array.from(ev.target.files));
      ev.target.value = '';
    });
    drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (ev) => {
      ev.preventDefault();
      drop.classList.remove('over');
      uploadAll(Array.from(ev.dataTransfer.files));
    });
  }
  // A file dropped beside the zone is not opened by the browser.
  window.addEventListener('dragover', (ev) => ev.preventDefault());
  window.addEventListener('drop', (ev) => ev.preventDefault());

  // ---- emergency ----
  const priorityWord = (sel) => sel.options[sel.selectedIndex].textContent;
  if ($('say-form')) {
    $('say-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const msg = $('say-msg');
      const pr = $('say-priority');
      if (!(await ask(fill(W.confirmSay, priorityWord(pr))))) return;
      say(msg, W.loading);
      try {
        const a = await api('POST', '/api/say', {
          text: $('say-text').value,
          priority: pr.value,
          repeat: Number($('say-repeat').value) || 1,
        });
        say(msg, a.message || W.sent, true);
        refresh();
      } catch (e) {
        say(msg, failed(e), false);
      }
    });
    $('rec-form').addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const msg = $('rec-msg');
      const pr = $('rec-priority');
      const chosen = $('rec-file').files[0];
      const existing = $('rec-existing').value.trim();
      if (!chosen && !existing) {
        say(msg, W.chooseRecording, false);
        return;
      }
      if (!(await ask(fill(W.confirmPlay, priorityWord(pr), { file: chosen ? chosen.name : existing })))) return;
      let file = existing;
      if (chosen) {
        const list = el('ul', 'uploads');
        clear(msg).appendChild(list);
        file = await upload(chosen, 'khan-cap', list);
        if (!file) return;
      }
      try {
        const a = await api('POST', '/api/play', { file: file, priority: pr.value });
        say(msg, a.message || W.sent, true);
        refresh();
      } catch (e) {
        say(msg, failed(e), false);
      }
    });
  }

  // ---- the airing log of a day ----
  let logRows = [];
  let logDay = '';
  async function loadLog() {
    const day = $('log-day');
    if (!day.value && today()) day.value = today();
    const box = $('log-box');
    if (!day.value) return;
    try {
      logRows = await api('GET', '/api/log?from=' + day.value + '&to=' + day.value);
      logDay = day.value;
    } catch (e) {
      if (e.status !== 401) notLoaded(box, e);
      return;
    }
    showLog();
  }

  function showLog() {
    const box = clear($('log-box'));
    const want = $('log-status').value;
    const find = $('log-find').value.trim().toLowerCase();
    const rows = logRows.filter((r) => (!want || r.status === want) &&
      (!find || [r.slot, r.file, r.title || ''].join(' ').toLowerCase().includes(find)));
    if (!rows.length) {
      box.appendChild(el('p', 'muted', W.noRows));
      return;
    }
    const t = el('table', 'cards');
    const head = t.appendChild(el('thead')).appendChild(el('tr'));
    for (const h of [W.scheduled, W.started, W.slot, W.file, W.result]) head.appendChild(el('th', '', h));
    const tb = t.appendChild(el('tbody'));
    for (const r of rows) {
      const tr = tb.appendChild(el('tr'));
      tr.appendChild(el('td', 'num', hms(r.scheduled)));
      tr.appendChild(el('td', 'num', hms(r.started)));
      tr.appendChild(el('td', '', r.slot));
      const f = tr.appendChild(el('td', 'file', r.title || r.file));
      if (r.title) f.appendChild(el('span', 'detail')).textContent = ' (' + r.file + ')';
      const st = tr.appendChild(el('td'));
      st.appendChild(el('span', 'state', (W.results && W.results[r.status]) || r.status)).classList.add(r.status);
      for (const x of [r.reason, r.note]) if (x) st.appendChild(el('span', 'reason', x));
    }
    labelCells(t);
    box.appendChild(el('div', 'scroll')).appendChild(t);
  }
  $('log-day').addEventListener('change', loadLog);
  $('log-status').addEventListener('change', showLog);
  $('log-find').addEventListener('input', showLog);
  $('log-form').addEventListener('submit', (ev) => ev.preventDefault());

  // ---- reports ----
  function fillPeriods() {
    const input = $('report-period');
    const d = today() || new Date().toISOString().slice(0, 10);
    const y = Number(d.slice(0, 4));
    const q = Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1;
    const dl = $('periods');
    // The named periods (CV 581's, loaxa.toml's) come with the page.
    for (const o of [...dl.querySelectorAll('option:not([data-named])')]) o.remove();
    for (const year of [y, y - 1]) {
      for (let n = 4; n >= 1; n--) if (year < y || n <= q) dl.appendChild(el('option')).value = year + '-Q' + n;
      dl.appendChild(el('option')).value = String(year);
    }
    if (!input.value) input.value = y + '-Q' + q;
  }

  async function download(format) {
    const msg = $('report-msg');
    const period = $('report-period').value.trim();
    say(msg, W.loading);
    let r;
    try {
      r = await fetch('/api/report?period=' + encodeURIComponent(period) + '&format=' + format, { credentials: 'same-origin' });
    } catch (e) {
      say(msg, W.unreachable, false);
      return;
    }
    if (r.status === 401) location.reload();
    if (!r.ok) {
      const b = await r.json().catch(() => null);
      say(msg, (b && b.message) || 'HTTP ' + r.status, false);
      return;
    }
    const cd = r.headers.get('content-disposition') || '';
    const m = /filename\*?=(?:UTF-8\x27\x27)?\x22?([^\x22;]+)\x22?/i.exec(cd);
    const name = m ? decodeURIComponent(m[1]) : 'loaxa.' + format;
    const url = URL.createObjectURL(await r.blob());
    const a = el('a');
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(msg, fill(W.downloaded, name), true);
  }
  $('report-form').addEventListener('submit', (ev) => { ev.preventDefault(); download('xlsx'); });
  $('report-csv').addEventListener('click', () => download('csv'));
  $('report-csv-excel').addEventListener('click', () => download('csv-excel'));

  // ---- schedules: the files, the raw editor, the slot form ----
  async function loadScheduleFiles() {
    const sel = $('raw-file');
    if (sel.options.length) return;
    try {
      const files = await api('GET', '/api/schedules');
      for (const f of files) {
        const o = sel.appendChild(el('option', '', f.name));
        o.value = f.name;
      }
    } catch (e) {
      if (e.status !== 401) say($('raw-msg'), fill(W.notLoaded, failed(e)), false);
    }
  }

  const fileName = (path) => path.replace(/^schedules\//, '');
  async function readSchedule(name) {
    return api('GET', '/api/schedules/' + encodeURIComponent(name), undefined, { raw: true });
  }

  function showDiags(ul, e) {
    clear(ul);
    for (const d of (e.body && e.body.diagnostics) || []) {
      ul.appendChild(el('li', '', d.text || (d.file + ':' + d.line + ':' + d.col + ': ' + d.message)));
    }
  }

  async function saveSchedule(name, text, msg, diags) {
    say(msg, W.loading);
    clear(diags);
    try {
      const a = await api('PUT', '/api/schedules/' + encodeURIComponent(name), undefined, { text: text });
      say(msg, a.message, true);
      loadPlan();
      return true;
    } catch (e) {
      say(msg, failed(e), false);
      showDiags(diags, e);
      return false;
    }
  }

  $('raw-load').addEventListener('click', async () => {
    const name = $('raw-file').value;
    if (!name) return;
    try {
      $('raw-text').value = await readSchedule(name);
      say($('raw-msg'), '');
    } catch (e) {
      say($('raw-msg'), failed(e), false);
    }
  });
  $('raw-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const name = $('raw-file').value;
    if (name) saveSchedule(name, $('raw-text').value, $('raw-msg'), $('raw-diags'));
  });

  // Day words as schedules write them, folded: accents and spaces off.
  const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/gi, 'd').replace(/\s+/g, '').toLowerCase();
  const DAY_WORDS = {
    t2: 'T2', thu2: 'T2', thuhai: 'T2', mon: 'T2', monday: 'T2',
    t3: 'T3', thu3: 'T3', thuba: 'T3', tue: 'T3', tuesday: 'T3',
    t4: 'T4', thu4: 'T4', thutu: 'T4', wed: 'T4', wednesday: 'T4',
    t5: 'T5', thu5: 'T5', thunam: 'T5', thu: 'T5', thursday: 'T5',
    t6: 'T6', thu6: 'T6', thusau: 'T6', fri: 'T6', friday: 'T6',
    t7: 'T7', thu7: 'T7', thubay: 'T7', sat: 'T7', saturday: 'T7',
    cn: 'CN', chunhat: 'CN', sun: 'CN', sunday: 'CN',
  };
  const EVERY_DAY = ['hangngay', 'moingay', 'daily', 'everyday'];
  const ORDER = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'CN'];
  // The weekdays of a slot, or null when they are not plain weekdays.
  function slotDays(days) {
    if (typeof days === 'string') {
      const f = fold(days);
      if (EVERY_DAY.includes(f)) return ORDER.slice();
      const range = f.split('-');
      if (range.length === 2 && DAY_WORDS[range[0]] && DAY_WORDS[range[1]]) {
        const a = ORDER.indexOf(DAY_WORDS[range[0]]);
        const b = ORDER.indexOf(DAY_WORDS[range[1]]);
        return a <= b ? ORDER.slice(a, b + 1) : null;
      }
      return DAY_WORDS[f] ? [DAY_WORDS[f]] : null;
    }
    if (Array.isArray(days)) {
      const out = days.map((d) => (typeof d === 'string' ? slotDays(d) : null));
      return out.every(Boolean) ? [].concat(...out) : null;
    }
    return null;
  }

  let editing = null;
  async function openSlot(schedule, slotId) {
    const form = $('slot-form');
    const name = fileName(schedule);
    let text;
    try {
      text = await readSchedule(name);
    } catch (e) {
      toast(failed(e));
      return;
    }
    // The raw editor shows the same file.
    $('raw-file').value = name;
    $('raw-text').value = text;
    let doc = null;
    try { doc = JSON.parse(text); } catch (e) { doc = null; }
    const slot = doc && Array.isArray(doc.slots) ? doc.slots.find((s) => s.id === slotId) : null;
    form.hidden = false;
    say($('slot-msg'), '');
    clear($('slot-diags'));
    $('slot-heading').textContent = (slot && slot.title) || slotId;
    const note = $('slot-note');
    const admin = ROLE === 'quan-tri';
    if (!slot) {
      editing = null;
      note.textContent = W.notJson;
      note.hidden = false;
      setSlotEnabled(false);
      form.scrollIntoView({ block: 'start' });
      return;
    }
    editing = { name: name, doc: doc, slot: slot, daysTouched: false, items: [] };
    const cron = slot.cron != null;
    note.textContent = cron ? W.cronSlot : '';
    note.hidden = !cron;
    $('slot-at').value = slot.at || '';
    const days = slotDays(slot.days) || [];
    for (const box of document.querySelectorAll('#slot-days input')) box.checked = days.includes(box.value);
    clear($('slot-items'));
    for (const item of slot.program || []) addItem(item);
    setSlotEnabled(admin);
    $('slot-at').disabled = !admin || cron;
    for (const box of document.querySelectorAll('#slot-days input')) box.disabled = !admin || cron;
    form.scrollIntoView({ block: 'start' });
  }

  function setSlotEnabled(on) {
    for (const e of $('slot-form').querySelectorAll('input, button:not(#slot-close)')) e.disabled = !on;
  }

  function addItem(item) {
    const li = $('slot-items').appendChild(el('li'));
    const row = li.appendChild(el('div', 'row'));
    const entry = { orig: item, li: li };
    if (item && typeof item === 'object' && item.folder != null) {
      row.appendChild(el('span', 'detail', fill(W.folderItem, item.folder + (item.pick ? ' (' + item.pick + ')' : ''))));
    } else {
      entry.file = row.appendChild(el('input'));
      entry.file.setAttribute('list', 'lib-files');
      entry.file.placeholder = W.itemFile;
      entry.file.value = typeof item === 'string' ? item : (item && item.file) || '';
      entry.title = row.appendChild(el('input'));
      entry.title.placeholder = W.itemTitle;
      entry.title.value = (item && typeof item === 'object' && item.title) || '';
    }
    const rm = row.appendChild(el('button', 'plain', W.remove));
    rm.type = 'button';
    rm.disabled = ROLE !== 'quan-tri';
    rm.addEventListener('click', () => {
      li.remove();
      editing.items = editing.items.filter((x) => x !== entry);
    });
    if (editing) editing.items.push(entry);
  }

  // The slot as the form says, kept as it was where the form says nothing.
  function slotFromForm() {
    const s = editing.slot;
    if (s.cron == null) {
      const at = $('slot-at').value.trim();
      if (!/^\d{1,2}[:h]\d{2}$/.test(at)) return null;
      s.at = at;
    }
    if (editing.daysTouched) {
      s.days = Array.from(document.querySelectorAll('#slot-days input')).filter((b) => b.checked).map((b) => b.value);
    }
    s.program = editing.items.map((e) => {
      if (!e.file) return e.orig;
      const file = e.file.value.trim();
      const title = e.title.value.trim();
      if (e.orig && typeof e.orig === 'object') {
        const o = Object.assign({}, e.orig, { file: file });
        if (title) o.title = title; else delete o.title;
        return o;
      }
      return title ? { file: file, title: title } : file;
    });
    return s;
  }

  $('slot-days').addEventListener('change', () => { if (editing) editing.daysTouched = true; });
  $('slot-close').addEventListener('click', () => { $('slot-form').hidden = true; editing = null; });
  const addButton = $('slot-add');
  if (addButton) addButton.addEventListener('click', () => { if (editing) addItem(''); });
  $('slot-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!editing) return;
    if (!slotFromForm()) {
      say($('slot-msg'), W.badTime, false);
      return;
    }
    const text = JSON.stringify(editing.doc, null, 2) + '\n';
    if (await saveSchedule(editing.name, text, $('slot-msg'), $('slot-diags'))) $('raw-text').value = text;
  });

  // ---- start ----
  showTab();
  poll();
  loadLibrary();
  // The drop folder while it is shown: files arrive and get checked.
  setInterval(() => { if (tab === 'library' && !document.hidden) loadLibrary(); }, 3000);
  setInterval(() => { if (!document.hidden) loadPlan(); }, 60000);
})();
