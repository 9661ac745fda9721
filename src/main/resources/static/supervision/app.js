/*
 * 共治 · 督办看板 / Gongzhi supervision dashboard.
 *
 * Reads the supervision JSON API (/api/v1/supervision/…) and renders it. No framework, no build step, no external
 * resource. Rules kept throughout:
 *  - data goes into the page only through textContent / createElement (titles can hold hostile HTML);
 *  - every fetch sends Accept-Language for the chosen language (zh-CN first, English on request, kept in localStorage);
 *  - a newer request for the same section wins over an older one still under way.
 */
(function () {
  'use strict';

  var API = '/api/v1/supervision';
  var LANG_KEY = 'gongzhi.supervision.lang';
  var ZONE = 'Asia/Shanghai';
  var SVG_NS = 'http://www.w3.org/2000/svg';

  var TEXT = {
    'zh-CN': {
      'app.title': '共治 · 督办看板',
      'lang.other': 'English',
      'lang.otherTitle': 'Switch to English',
      'loading': '加载中…',
      'node.picker': '查看辖区',
      'logout': '退出登录',
      'logout.switch': '换个账号登录',
      'login.title': '主管登录',
      'login.hint': '请使用您的 Camunda 账号登录。',
      'login.username': '用户名',
      'login.password': '密码',
      'login.submit': '登录',
      'login.error': '用户名或密码不正确',
      'forbidden': '您不是主管，无权查看',
      'period.from': '开始日期',
      'period.to': '结束日期',
      'period.thisMonth': '本月',
      'period.lastMonth': '上月',
      'period.last90': '近 90 天',
      'period.invalid': '开始日期不能晚于结束日期。',
      'period.range': '统计期间：{0} 至 {1}',
      'asOf': '数据截至',
      'cards.open': '在办',
      'cards.atRisk': '临近超时',
      'cards.breached': '已超时',
      'byProcess.title': '在办工作（按流程与层级）',
      'atRisk.title': '临近超时与已超时',
      'rates.title': '三率排名（红黑榜）',
      'rates.byCommunity': '按社区',
      'rates.byStreet': '按街道',
      'rates.red': '红榜',
      'rates.black': '黑榜',
      'rates.redBadge': '红榜',
      'rates.blackBadge': '黑榜',
      'rates.response': '响应率',
      'rates.resolution': '解决率',
      'rates.satisfaction': '满意率',
      'rates.total': '合计',
      'rates.definition': '响应率＝按时首次回复数 ÷ 已确定回复结果的案件数；解决率＝已办结数 ÷ 案件数；满意率＝评价 4–5 分数 ÷ 已评价数；综合得分为三率中有数值者的平均。“—”表示分母为零。',
      'rates.boardEmpty': '暂无排名',
      'trend.title': '每周趋势',
      'trend.empty': '所选期间没有数据。',
      'trend.chart': '按周的响应率、解决率、满意率折线图',
      'trend.week': '{0} 当周',
      'trend.cases': '{0} 件',
      'breaches.title': '超时记录',
      'breaches.csv': '导出 CSV',
      'filter.all': '全部',
      'col.process': '流程',
      'col.tier': '层级',
      'col.state': '状态',
      'col.caseRef': '编号',
      'col.title': '标题',
      'col.kind': '期限',
      'col.node': '承办单位',
      'col.warnAt': '预警时间',
      'col.dueAt': '截止时间',
      'col.late': '超时时长',
      'col.rank': '名次',
      'col.community': '社区',
      'col.street': '街道',
      'col.parent': '上级',
      'col.cases': '案件数',
      'col.score': '综合得分',
      'col.holder': '承办人',
      'col.breachedAt': '超时时间',
      'col.metAt': '完成时间',
      'col.outcome': '结果',
      'col.status': '状态',
      'col.startedAt': '开始时间',
      'col.closedAt': '结束时间',
      'empty.open': '没有在办工作。',
      'empty.atRisk': '没有临近超时或已超时的工作。',
      'empty.rates': '所选期间没有数据。',
      'empty.breaches': '所选期间没有超时记录。',
      'breaches.more': '显示最近 {0} 条，共 {1} 条；全部记录请导出 CSV。',
      'empty.deadlines': '此案件没有期限记录。',
      'case.back': '← 返回看板',
      'case.deadlines': '期限',
      'case.notFound': '找不到案件 {0}，或它不在您的辖区内。',
      'state.AT_RISK': '临近超时',
      'state.BREACHED': '已超时',
      'outcome.none': '未完成',
      'outcome.open': '进行中',
      'outcome.paused': '暂停计时（等待居民）',
      'outcome.MET': '按时完成',
      'outcome.MET_LATE': '超时后完成',
      'outcome.ESCALATED': '已上报',
      'outcome.HANDED_OVER': '已转交',
      'outcome.DECLINED': '已拒绝',
      'outcome.TIMED_OUT': '超时未接单',
      'outcome.CANCELLED': '已取消',
      'process.complaint-escalation': '诉求办理',
      'process.volunteer-order': '志愿服务派单',
      'process.content-approval': '三级审核',
      'process.merchant-onboarding': '商户入驻',
      'tier.COMMUNITY': '社区',
      'tier.STREET': '街道',
      'tier.DISTRICT': '区县',
      'tier.CITY': '市级',
      'tier.DEPARTMENT': '市级部门',
      'late.days': '{0} 天 {1} 小时',
      'late.hours': '{0} 小时 {1} 分',
      'late.minutes': '{0} 分钟',
      'error.load': '数据加载失败',
      'error.network': '无法连接服务器，请检查网络后重试。',
      'error.notFound': '所选辖区不存在或不在您的辖区内。',
      'error.session': '登录已过期，请重新登录。'
    },
    'en': {
      'app.title': 'Gongzhi · Supervision dashboard',
      'lang.other': '中文',
      'lang.otherTitle': '切换到中文',
      'loading': 'Loading…',
      'node.picker': 'Jurisdiction',
      'logout': 'Log out',
      'logout.switch': 'Log in as someone else',
      'login.title': 'Supervisor login',
      'login.hint': 'Log in with your Camunda account.',
      'login.username': 'User name',
      'login.password': 'Password',
      'login.submit': 'Log in',
      'login.error': 'Wrong user name or password',
      'forbidden': 'Only supervisors may view this',
      'period.from': 'From',
      'period.to': 'To',
      'period.thisMonth': 'This month',
      'period.lastMonth': 'Last month',
      'period.last90': 'Last 90 days',
      'period.invalid': 'The start date must not be after the end date.',
      'period.range': 'Period: {0} to {1}',
      'asOf': 'As of',
      'cards.open': 'Open',
      'cards.atRisk': 'At risk',
      'cards.breached': 'Breached',
      'byProcess.title': 'Open work by process and tier',
      'atRisk.title': 'At risk and breached',
      'rates.title': 'Three rates ranking (red and black list)',
      'rates.byCommunity': 'By community',
      'rates.byStreet': 'By street',
      'rates.red': 'Red list (best)',
      'rates.black': 'Black list (worst)',
      'rates.redBadge': 'red list',
      'rates.blackBadge': 'black list',
      'rates.response': 'Response rate',
      'rates.resolution': 'Resolution rate',
      'rates.satisfaction': 'Satisfaction rate',
      'rates.total': 'Total',
      'rates.definition': 'Response rate = first replies in time ÷ cases whose reply is decided; resolution rate = resolved ÷ cases; satisfaction rate = ratings of 4–5 ÷ rated cases; score = mean of the rates that have a value. "—" means the denominator is zero.',
      'rates.boardEmpty': 'No ranking yet',
      'trend.title': 'Weekly trend',
      'trend.empty': 'No data in this period.',
      'trend.chart': 'Line chart of the weekly response, resolution and satisfaction rates',
      'trend.week': 'week of {0}',
      'trend.cases': '{0} cases',
      'breaches.title': 'Breaches',
      'breaches.csv': 'Export CSV',
      'filter.all': 'All',
      'col.process': 'Process',
      'col.tier': 'Tier',
      'col.state': 'State',
      'col.caseRef': 'Case no.',
      'col.title': 'Title',
      'col.kind': 'Deadline',
      'col.node': 'Handling unit',
      'col.warnAt': 'Warning at',
      'col.dueAt': 'Due at',
      'col.late': 'How late',
      'col.rank': 'Rank',
      'col.community': 'Community',
      'col.street': 'Street',
      'col.parent': 'Parent',
      'col.cases': 'Cases',
      'col.score': 'Score',
      'col.holder': 'Held by',
      'col.breachedAt': 'Breached at',
      'col.metAt': 'Met at',
      'col.outcome': 'Outcome',
      'col.status': 'Status',
      'col.startedAt': 'Started at',
      'col.closedAt': 'Closed at',
      'empty.open': 'No open work.',
      'empty.atRisk': 'Nothing at risk or breached.',
      'empty.rates': 'No data in this period.',
      'empty.breaches': 'No breaches in this period.',
      'breaches.more': 'Showing the latest {0} of {1}; export the CSV for all of them.',
      'empty.deadlines': 'This case has no deadlines.',
      'case.back': '← Back to the dashboard',
      'case.deadlines': 'Deadlines',
      'case.notFound': 'Case {0} was not found or is outside your jurisdiction.',
      'state.AT_RISK': 'At risk',
      'state.BREACHED': 'Breached',
      'outcome.none': 'Not met yet',
      'outcome.open': 'Open',
      'outcome.paused': 'Paused (waiting for the resident)',
      'outcome.MET': 'Met',
      'outcome.MET_LATE': 'Met late',
      'outcome.ESCALATED': 'Escalated',
      'outcome.HANDED_OVER': 'Handed over',
      'outcome.DECLINED': 'Declined',
      'outcome.TIMED_OUT': 'Timed out',
      'outcome.CANCELLED': 'Cancelled',
      'process.complaint-escalation': 'Complaint handling',
      'process.volunteer-order': 'Volunteer order dispatch',
      'process.content-approval': 'Content approval',
      'process.merchant-onboarding': 'Merchant onboarding',
      'tier.COMMUNITY': 'Community',
      'tier.STREET': 'Street',
      'tier.DISTRICT': 'District',
      'tier.CITY': 'City',
      'tier.DEPARTMENT': 'City department',
      'late.days': '{0} d {1} h',
      'late.hours': '{0} h {1} min',
      'late.minutes': '{0} min',
      'error.load': 'Could not load the data',
      'error.network': 'The server cannot be reached; check the network and try again.',
      'error.notFound': 'That jurisdiction does not exist or is outside yours.',
      'error.session': 'Your session has ended; please log in again.'
    }
  };

  var PROCESSES = ['complaint-escalation', 'volunteer-order', 'content-approval', 'merchant-onboarding'];
  var TIERS = ['COMMUNITY', 'STREET', 'DISTRICT', 'CITY', 'DEPARTMENT'];
  var SERIES = [
    { key: 'responseRate', label: 'rates.response', color: '#1d4ed8', dash: '' },
    { key: 'resolutionRate', label: 'rates.resolution', color: '#15803d', dash: '6 4' },
    { key: 'satisfactionRate', label: 'rates.satisfaction', color: '#c2410c', dash: '2 4' }
  ];

  var state = {
    lang: readLang(),
    me: null,
    node: null,          // the node code picked (null = the user's own)
    from: null,
    to: null,
    by: 'community',
    process: '',
    tier: '',
    dashboardFresh: false,
    processLabels: {}    // labels the API gave, which win over the page's own
  };
  var generations = {};  // section -> number of the latest request

  // ---------------------------------------------------------------- helpers

  function $(id) {
    return document.getElementById(id);
  }

  function readLang() {
    try {
      return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
    } catch (e) {
      return 'zh-CN';
    }
  }

  function t(key) {
    var table = TEXT[state.lang] || TEXT['zh-CN'];
    var text = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : (TEXT['zh-CN'][key] || key);
    for (var i = 1; i < arguments.length; i++) {
      text = text.split('{' + (i - 1) + '}').join(String(arguments[i]));
    }
    return text;
  }

  /** createElement with text (never HTML) and attributes. */
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        if (attrs[name] !== undefined && attrs[name] !== null) {
          node.setAttribute(name, String(attrs[name]));
        }
      });
    }
    return node;
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, String(attrs[name]));
    });
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function show(id, visible) {
    $(id).hidden = !visible;
  }

  function dash(value) {
    return value === undefined || value === null || value === '' ? '—' : String(value);
  }

  function percent(rate) {
    if (rate === undefined || rate === null || isNaN(rate)) {
      return '—';
    }
    return (Math.round(rate * 1000) / 10).toFixed(1) + '%';
  }

  var timeFormat = null;

  /** An ISO-8601 instant shown as China time, YYYY-MM-DD HH:mm. */
  function when(iso) {
    if (!iso) {
      return '—';
    }
    var date = new Date(iso);
    if (isNaN(date.getTime())) {
      return String(iso);
    }
    if (!timeFormat) {
      timeFormat = new Intl.DateTimeFormat('en-GB', {
        timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'
      });
    }
    var parts = {};
    timeFormat.formatToParts(date).forEach(function (p) {
      parts[p.type] = p.value;
    });
    return parts.year + '-' + parts.month + '-' + parts.day + ' ' + parts.hour + ':' + parts.minute;
  }

  function late(minutes) {
    if (minutes === undefined || minutes === null || minutes <= 0) {
      return '—';
    }
    var m = Math.round(minutes);
    if (m >= 1440) {
      return t('late.days', Math.floor(m / 1440), Math.floor((m % 1440) / 60));
    }
    if (m >= 60) {
      return t('late.hours', Math.floor(m / 60), m % 60);
    }
    return t('late.minutes', m);
  }

  function outcome(code, closed) {
    if (!code) {
      return t(closed === false ? 'outcome.open' : 'outcome.none');
    }
    var key = 'outcome.' + code;
    return TEXT['zh-CN'][key] ? t(key) : code;
  }

  function processLabel(code) {
    if (state.processLabels[code]) {
      return state.processLabels[code];
    }
    return TEXT['zh-CN']['process.' + code] ? t('process.' + code) : code;
  }

  function tierLabel(code) {
    return TEXT['zh-CN']['tier.' + code] ? t('tier.' + code) : code;
  }

  function rememberLabels(items) {
    (items || []).forEach(function (item) {
      if (item && item.process && item.processLabel) {
        state.processLabels[item.process] = item.processLabel;
      }
    });
  }

  // ---------------------------------------------------------------- dates (China calendar days, YYYY-MM-DD)

  function todayInChina() {
    return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(new Date());
  }

  function parseDay(day) {
    var p = day.split('-');
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
  }

  function formatDay(date) {
    return date.toISOString().slice(0, 10);
  }

  function addDays(day, n) {
    var d = parseDay(day);
    d.setUTCDate(d.getUTCDate() + n);
    return formatDay(d);
  }

  function thisMonth() {
    var today = todayInChina();
    return { from: today.slice(0, 8) + '01', to: today };
  }

  function lastMonth() {
    var firstOfThis = parseDay(todayInChina().slice(0, 8) + '01');
    var lastOfPrevious = new Date(firstOfThis.getTime() - 86400000);
    var day = formatDay(lastOfPrevious);
    return { from: day.slice(0, 8) + '01', to: day };
  }

  function last90Days() {
    var today = todayInChina();
    return { from: addDays(today, -89), to: today };
  }

  function isDay(value) {
    return /^\d{4}-\d{2}-\d{2}$/.test(value || '');
  }

  // ---------------------------------------------------------------- the API

  function ApiError(status, problem, url) {
    this.status = status;
    this.problem = problem || {};
    this.url = url;
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (name) {
      var value = params[name];
      if (value !== undefined && value !== null && value !== '') {
        parts.push(encodeURIComponent(name) + '=' + encodeURIComponent(value));
      }
    });
    return parts.length ? '?' + parts.join('&') : '';
  }

  function headers(accept) {
    return {
      'Accept': accept,
      'Accept-Language': state.lang === 'en' ? 'en' : 'zh-CN',
      'X-Requested-With': 'XMLHttpRequest'
    };
  }

  function api(path, params) {
    var url = API + path + query(params || {});
    return fetch(url, { headers: headers('application/json'), credentials: 'same-origin', cache: 'no-store' })
      .then(function (response) {
        if (response.ok) {
          return response.json();
        }
        return response.text().then(function (text) {
          var problem = null;
          try {
            problem = JSON.parse(text);
          } catch (e) {
            problem = { detail: text ? text.slice(0, 300) : '' };
          }
          throw new ApiError(response.status, problem, url);
        });
      }, function (networkError) {
        throw new ApiError(0, { detail: String(networkError) }, url);
      });
  }

  /** Runs a request for one section; resolves with its data only if no newer request for the section started. */
  function latest(section, promise) {
    var generation = (generations[section] || 0) + 1;
    generations[section] = generation;
    pending(+1);
    return promise.then(function (data) {
      pending(-1);
      if (generations[section] !== generation) {
        return new Promise(function () {}); // superseded: never settles
      }
      return data;
    }, function (error) {
      pending(-1);
      if (generations[section] !== generation) {
        return new Promise(function () {});
      }
      throw error;
    });
  }

  var inFlight = 0;

  function pending(delta) {
    inFlight += delta;
    document.documentElement.setAttribute('data-pending', String(inFlight));
    show('loading', inFlight > 0);
  }

  function failed(error) {
    if (!(error instanceof ApiError)) {
      showError(t('error.load') + ': ' + String(error && error.message || error));
      if (window.console) {
        console.error(error);
      }
      return;
    }
    if (error.status === 401) {
      state.me = null;
      showLogin(t('error.session'));
      return;
    }
    if (error.status === 403) {
      showForbidden();
      return;
    }
    if (error.status === 0) {
      showError(t('error.network'));
      return;
    }
    var detail = error.problem.detail || error.problem.title || error.problem.message || '';
    var text = t('error.load') + ' (HTTP ' + error.status + ')' + (detail ? ': ' + detail : '');
    if (error.status === 404 && /[?&]node=/.test(error.url || '')) {
      text += ' ' + t('error.notFound');
    }
    showError(text);
  }

  function showError(text) {
    var box = $('load-error');
    box.textContent = text;
    box.hidden = false;
  }

  function hideError() {
    $('load-error').hidden = true;
  }

  // ---------------------------------------------------------------- static labels and language

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.title = t('app.title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (node) {
      node.textContent = t(node.getAttribute('data-i18n'));
    });
    var toggle = $('lang-toggle');
    toggle.textContent = t('lang.other');
    toggle.title = t('lang.otherTitle');
    toggle.setAttribute('lang', state.lang === 'en' ? 'zh-CN' : 'en');
    $('rates-name-header').textContent = t(state.by === 'street' ? 'col.street' : 'col.community');
    fillFilterOptions();
  }

  function switchLanguage() {
    state.lang = state.lang === 'en' ? 'zh-CN' : 'en';
    try {
      localStorage.setItem(LANG_KEY, state.lang);
    } catch (e) {
      // private mode: the choice lasts for this page only
    }
    state.processLabels = {};
    applyLanguage();
    if (state.me) {
      // the API answers in the chosen language: fetch everything again
      state.dashboardFresh = false;
      loadMe();
    }
  }

  // ---------------------------------------------------------------- views

  function showOnly(view) {
    ['login-view', 'forbidden-view', 'dashboard-view', 'case-view'].forEach(function (id) {
      show(id, id === view);
    });
  }

  function showLogin(message) {
    showOnly('login-view');
    show('user-box', false);
    show('calendar-warning', false);
    var params = new URLSearchParams(window.location.search);
    show('login-error', params.get('error') === 'login');
    if (message) {
      showError(message);
    } else {
      hideError();
    }
    var username = $('login-username');
    if (document.activeElement !== $('login-password')) {
      username.focus();
    }
  }

  function showForbidden() {
    showOnly('forbidden-view');
    show('calendar-warning', false);
    hideError();
  }

  // ---------------------------------------------------------------- me: user, node picker, calendar

  function loadMe() {
    return latest('me', api('/me')).then(function (me) {
      state.me = me;
      var codes = (me.nodes || []).map(function (n) {
        return n.code;
      });
      if (!state.node || codes.indexOf(state.node) < 0) {
        state.node = me.node ? me.node.code : null;
      }
      hideError();
      renderMe(me);
      route();
    }, function (error) {
      if (error instanceof ApiError && error.status === 401) {
        state.me = null;
        showLogin(null); // not logged in (yet): the login form, without a "session ended" message
        return;
      }
      failed(error);
    });
  }

  function renderMe(me) {
    show('user-box', true);
    $('user-name').textContent = me.name ? me.name + ' (' + me.userId + ')' : dash(me.userId);
    var node = me.node || {};
    $('user-node').textContent = dash(node.name) + (node.tierLabel ? ' · ' + node.tierLabel : '');

    var picker = $('node-picker');
    clear(picker);
    (me.nodes || []).forEach(function (n) {
      var depth = Math.max(0, n.depth || 0);
      var indent = new Array(depth + 1).join('\u00a0\u00a0\u00a0\u00a0') + (depth > 0 ? '└\u00a0' : '');
      var option = el('option', indent + n.name, { value: n.code, 'data-depth': depth });
      option.title = n.name + ' ' + n.code;
      picker.appendChild(option);
    });
    if (state.node) {
      picker.value = state.node;
    }
    picker.disabled = (me.nodes || []).length < 2;

    var calendar = me.calendar || {};
    var warning = $('calendar-warning');
    if (calendar.message) {
      warning.textContent = '⚠ ' + calendar.message;
      warning.hidden = false;
    } else {
      warning.textContent = '';
      warning.hidden = true;
    }
  }

  // ---------------------------------------------------------------- routing: #/ and #/case/<caseRef>

  function caseRefFromHash() {
    var match = /^#\/case\/(.+)$/.exec(window.location.hash || '');
    if (!match) {
      return null;
    }
    try {
      return decodeURIComponent(match[1]);
    } catch (e) {
      return match[1];
    }
  }

  function route() {
    if (!state.me) {
      return;
    }
    hideError();
    var caseRef = caseRefFromHash();
    if (caseRef) {
      showOnly('case-view');
      loadCase(caseRef);
      window.scrollTo(0, 0);
    } else {
      showOnly('dashboard-view');
      if (!state.dashboardFresh) {
        loadDashboard();
      }
    }
  }

  function caseLink(caseRef) {
    return el('a', caseRef, {
      href: '#/case/' + encodeURIComponent(caseRef),
      'class': 'case-link',
      'data-testid': 'case-link',
      'data-case-ref': caseRef
    });
  }

  // ---------------------------------------------------------------- dashboard

  function nodeParam() {
    return state.node;
  }

  function periodParams() {
    return { node: nodeParam(), from: state.from, to: state.to };
  }

  function loadDashboard() {
    state.dashboardFresh = true;
    hideError();
    loadOverview();
    loadAtRisk();
    loadPeriod();
  }

  function loadPeriod() {
    renderPeriodNote();
    updateCsvLink();
    if (state.from > state.to) {
      showError(t('period.invalid'));
      return;
    }
    hideError();
    loadRates();
    loadTrend();
    loadBreaches();
  }

  function setPeriod(period) {
    state.from = period.from;
    state.to = period.to;
    $('period-from').value = period.from;
    $('period-to').value = period.to;
    loadPeriod();
  }

  function renderPeriodNote() {
    $('rates-period').textContent = t('period.range', state.from, state.to);
  }

  function markLoaded(id) {
    $(id).setAttribute('data-loaded', 'true');
  }

  // open work: totals and by process
  function loadOverview() {
    latest('overview', api('/overview', { node: nodeParam() })).then(function (overview) {
      var totals = overview.totals || {};
      $('total-open').textContent = dash(totals.open);
      $('total-at-risk').textContent = dash(totals.atRisk);
      $('total-breached').textContent = dash(totals.breached);
      $('as-of').textContent = when(overview.asOf);
      rememberLabels(overview.byProcess);
      fillFilterOptions();

      var body = $('by-process-body');
      clear(body);
      (overview.byProcess || []).forEach(function (row) {
        var tr = el('tr', null, { 'data-testid': 'by-process-row', 'data-process': row.process, 'data-tier': row.tier });
        tr.appendChild(el('td', row.processLabel || processLabel(row.process)));
        tr.appendChild(el('td', row.tierLabel || tierLabel(row.tier)));
        tr.appendChild(el('td', dash(row.open), { 'class': 'num' }));
        tr.appendChild(el('td', dash(row.atRisk), { 'class': 'num' + (row.atRisk > 0 ? ' warn' : '') }));
        tr.appendChild(el('td', dash(row.breached), { 'class': 'num' + (row.breached > 0 ? ' bad' : '') }));
        body.appendChild(tr);
      });
      show('by-process-empty', !(overview.byProcess || []).length);
      markLoaded('by-process-table');
    }, failed);
  }

  // at risk and breached, now
  function loadAtRisk() {
    latest('atRisk', api('/at-risk', { node: nodeParam(), limit: 100 })).then(function (answer) {
      var items = answer.items || [];
      rememberLabels(items);
      var body = $('at-risk-body');
      clear(body);
      items.forEach(function (item) {
        var breached = item.state === 'BREACHED';
        var tr = el('tr', null, {
          'data-testid': 'at-risk-row', 'data-case-ref': item.caseRef, 'data-state': item.state,
          'class': breached ? 'row-breached' : 'row-at-risk'
        });
        var stateCell = el('td');
        stateCell.appendChild(el('span', t('state.' + (breached ? 'BREACHED' : 'AT_RISK')),
          { 'class': 'badge ' + (breached ? 'badge-bad' : 'badge-warn') }));
        tr.appendChild(stateCell);
        appendCaseCells(tr, item);
        tr.appendChild(el('td', when(item.warnAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', when(item.dueAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', late(item.lateMinutes), { 'class': 'num nowrap' }));
        body.appendChild(tr);
      });
      show('at-risk-empty', !items.length);
      markLoaded('at-risk-table');
    }, failed);
  }

  /** The cells both deadline lists share: case number (a link to the case), title, process, deadline, tier, unit. */
  function appendCaseCells(tr, item) {
    var refCell = el('td', null, { 'class': 'nowrap' });
    refCell.appendChild(caseLink(item.caseRef));
    tr.appendChild(refCell);
    tr.appendChild(el('td', dash(item.title), { 'class': 'title-cell' }));
    tr.appendChild(el('td', item.processLabel || processLabel(item.process), { 'class': 'nowrap' }));
    tr.appendChild(el('td', dash(item.kindLabel || item.kind), { 'class': 'nowrap' }));
    tr.appendChild(el('td', item.tierLabel || tierLabel(item.tier), { 'class': 'nowrap' }));
    tr.appendChild(el('td', dash(item.node && item.node.name), { 'class': 'nowrap' }));
  }

  // the three rates, ranked
  function loadRates() {
    var params = periodParams();
    params.by = state.by;
    latest('rates', api('/rates', params)).then(function (answer) {
      var rows = answer.rows || [];
      var ranked = rows.filter(function (r) {
        return r.rank !== undefined && r.rank !== null;
      }).sort(function (a, b) {
        return a.rank - b.rank;
      });
      // 红榜: the best three; 黑榜: the worst three, never the same unit on both (fewer when there are fewer than six)
      var redCount = Math.min(3, Math.ceil(ranked.length / 2));
      var blackCount = Math.min(3, ranked.length - redCount);
      var red = ranked.slice(0, redCount);
      var black = ranked.slice(ranked.length - blackCount).reverse();
      var board = {};
      red.forEach(function (r) {
        board[r.code] = 'red';
      });
      black.forEach(function (r) {
        board[r.code] = 'black';
      });

      $('rates-name-header').textContent = t(answer.by === 'street' || state.by === 'street' ? 'col.street' : 'col.community');
      var body = $('rates-body');
      clear(body);
      rows.forEach(function (row) {
        var tr = el('tr', null, {
          'data-testid': 'rates-row', 'data-code': row.code, 'data-board': board[row.code] || null,
          'class': board[row.code] ? 'board-' + board[row.code] : null
        });
        tr.appendChild(el('td', dash(row.rank), { 'class': 'num' }));
        var nameCell = el('td', null, { 'class': 'name-cell nowrap' });
        nameCell.appendChild(el('span', dash(row.name)));
        if (board[row.code]) {
          nameCell.appendChild(el('span', t(board[row.code] === 'red' ? 'rates.redBadge' : 'rates.blackBadge'),
            { 'class': 'badge ' + (board[row.code] === 'red' ? 'badge-red' : 'badge-black') }));
        }
        tr.appendChild(nameCell);
        tr.appendChild(el('td', dash(row.parentName), { 'class': 'nowrap' }));
        tr.appendChild(el('td', dash(row.cases), { 'class': 'num' }));
        tr.appendChild(rateCell(row.responseRate, row.respondedInTime, row.responseDecided));
        tr.appendChild(rateCell(row.resolutionRate, row.resolved, row.cases));
        tr.appendChild(rateCell(row.satisfactionRate, row.satisfied, row.rated));
        tr.appendChild(el('td', percent(row.score), { 'class': 'num strong' }));
        body.appendChild(tr);
      });

      var foot = $('rates-foot');
      clear(foot);
      if (answer.total) {
        var total = answer.total;
        var tr = el('tr', null, { 'data-testid': 'rates-total' });
        tr.appendChild(el('td', ''));
        tr.appendChild(el('td', t('rates.total') + (total.name ? ' · ' + total.name : ''), { 'class': 'nowrap' }));
        tr.appendChild(el('td', dash(total.parentName)));
        tr.appendChild(el('td', dash(total.cases), { 'class': 'num' }));
        tr.appendChild(rateCell(total.responseRate, total.respondedInTime, total.responseDecided));
        tr.appendChild(rateCell(total.resolutionRate, total.resolved, total.cases));
        tr.appendChild(rateCell(total.satisfactionRate, total.satisfied, total.rated));
        tr.appendChild(el('td', percent(total.score), { 'class': 'num strong' }));
        foot.appendChild(tr);
      }

      fillBoard('red-list', red);
      fillBoard('black-list', black);
      show('rates-empty', !rows.length);
      markLoaded('rates-table');
    }, failed);
  }

  function rateCell(rate, numerator, denominator) {
    var td = el('td', percent(rate), { 'class': 'num' });
    if (denominator !== undefined && denominator !== null) {
      td.title = dash(numerator) + ' / ' + denominator;
    }
    return td;
  }

  function fillBoard(id, rows) {
    var list = $(id);
    clear(list);
    rows.forEach(function (row) {
      var li = el('li', null, { 'data-code': row.code });
      li.appendChild(el('span', dash(row.name), { 'class': 'board-name' }));
      li.appendChild(el('span', percent(row.score), { 'class': 'board-score' }));
      list.appendChild(li);
    });
    if (!rows.length) {
      list.appendChild(el('li', t('rates.boardEmpty'), { 'class': 'muted' }));
    }
  }

  // the weekly trend, drawn as inline SVG
  function loadTrend() {
    latest('trend', api('/trend', periodParams())).then(function (answer) {
      drawTrend(answer.weeks || []);
      markLoaded('trend-chart');
    }, failed);
  }

  function drawLegend() {
    var legend = $('trend-legend');
    clear(legend);
    SERIES.forEach(function (series) {
      var item = el('span', null, { 'class': 'legend-item', 'data-series': series.key });
      var swatch = svg('svg', { width: 28, height: 10, viewBox: '0 0 28 10', 'aria-hidden': 'true' });
      swatch.appendChild(svg('line', {
        x1: 1, y1: 5, x2: 27, y2: 5, stroke: series.color, 'stroke-width': 3,
        'stroke-dasharray': series.dash || 'none', 'stroke-linecap': 'round'
      }));
      item.appendChild(swatch);
      item.appendChild(el('span', t(series.label)));
      legend.appendChild(item);
    });
  }

  function drawTrend(weeks) {
    drawLegend();
    var box = $('trend-chart');
    clear(box);
    var width = 960;
    var height = 320;
    var pad = { left: 52, right: 16, top: 16, bottom: 48 };
    var plotW = width - pad.left - pad.right;
    var plotH = height - pad.top - pad.bottom;
    var chart = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + height, width: '100%', role: 'img', id: 'trend-svg',
      'data-testid': 'trend-svg', preserveAspectRatio: 'xMidYMid meet', 'class': 'trend-svg'
    });
    chart.appendChild(svg('title', {}, t('trend.chart')));

    function x(i) {
      return weeks.length <= 1 ? pad.left + plotW / 2 : pad.left + (plotW * i) / (weeks.length - 1);
    }

    function y(rate) {
      return pad.top + plotH * (1 - rate);
    }

    // grid and y axis: 0 – 100 %
    [0, 0.25, 0.5, 0.75, 1].forEach(function (r) {
      chart.appendChild(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(r), y2: y(r), 'class': 'grid' }));
      chart.appendChild(svg('text', { x: pad.left - 8, y: y(r) + 4, 'text-anchor': 'end', 'class': 'axis-label' },
        Math.round(r * 100) + '%'));
    });
    chart.appendChild(svg('line', { x1: pad.left, x2: pad.left, y1: pad.top, y2: pad.top + plotH, 'class': 'axis' }));
    chart.appendChild(svg('line', {
      x1: pad.left, x2: width - pad.right, y1: pad.top + plotH, y2: pad.top + plotH, 'class': 'axis'
    }));

    // x axis: the Monday of each week, thinned out so that labels never overlap
    var every = Math.max(1, Math.ceil(weeks.length / 10));
    weeks.forEach(function (week, i) {
      if (i % every === 0 || i === weeks.length - 1) {
        chart.appendChild(svg('line', {
          x1: x(i), x2: x(i), y1: pad.top + plotH, y2: pad.top + plotH + 4, 'class': 'axis'
        }));
        chart.appendChild(svg('text', {
          x: x(i), y: pad.top + plotH + 18, 'text-anchor': 'middle', 'class': 'axis-label'
        }, String(week.weekStart || '').slice(5)));
      }
    });

    var anyValue = false;
    SERIES.forEach(function (series) {
      var group = svg('g', { 'class': 'series', 'data-series': series.key });
      // a line through consecutive weeks that have a value; an empty week (null) breaks it
      var d = '';
      var drawing = false;
      weeks.forEach(function (week, i) {
        var v = week[series.key];
        if (v === null || v === undefined || isNaN(v)) {
          drawing = false;
          return;
        }
        d += (drawing ? ' L ' : ' M ') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
        drawing = true;
      });
      if (d) {
        anyValue = true;
        group.appendChild(svg('path', {
          d: d.trim(), fill: 'none', stroke: series.color, 'stroke-width': 2.5,
          'stroke-dasharray': series.dash || 'none', 'stroke-linejoin': 'round', 'stroke-linecap': 'round'
        }));
      }
      weeks.forEach(function (week, i) {
        var v = week[series.key];
        if (v === null || v === undefined || isNaN(v)) {
          return;
        }
        var dot = svg('circle', {
          cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 4, fill: '#fff', stroke: series.color, 'stroke-width': 2,
          'data-week': week.weekStart
        });
        dot.appendChild(svg('title', {}, t(series.label) + ' · ' + t('trend.week', week.weekStart) + ': ' + percent(v)
          + ' (' + t('trend.cases', dash(week.cases)) + ')'));
        group.appendChild(dot);
      });
      chart.appendChild(group);
    });

    if (!anyValue) {
      chart.appendChild(svg('text', {
        x: pad.left + plotW / 2, y: pad.top + plotH / 2, 'text-anchor': 'middle', 'class': 'chart-empty'
      }, t('trend.empty')));
    }
    box.appendChild(chart);
  }

  // breaches in the period, filtered: the latest page of them (the API's largest), the CSV has them all
  var BREACHES_SHOWN = 100;

  function breachParams() {
    var params = periodParams();
    params.process = state.process;
    params.tier = state.tier;
    return params;
  }

  function updateCsvLink() {
    $('breaches-csv').setAttribute('href', API + '/breaches.csv' + query(breachParams()));
  }

  function loadBreaches() {
    updateCsvLink();
    var params = breachParams();
    params.size = BREACHES_SHOWN;
    latest('breaches', api('/breaches', params)).then(function (answer) {
      var items = answer.items || [];
      rememberLabels(items);
      fillFilterOptions();
      var body = $('breaches-body');
      clear(body);
      items.forEach(function (item) {
        var tr = el('tr', null, { 'data-testid': 'breach-row', 'data-case-ref': item.caseRef });
        appendCaseCells(tr, item);
        tr.appendChild(el('td', dash(item.holder), { 'class': 'nowrap' }));
        // the due time is where lateness counts from; the breach time is when it was recorded (usually the same)
        var breachedCell = el('td', when(item.breachedAt), { 'class': 'nowrap' });
        breachedCell.title = t('col.dueAt') + ': ' + when(item.dueAt);
        tr.appendChild(breachedCell);
        tr.appendChild(el('td', when(item.metAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', late(item.lateMinutes), { 'class': 'num nowrap bad' }));
        tr.appendChild(el('td', outcome(item.outcome), { 'class': 'nowrap' }));
        body.appendChild(tr);
      });
      show('breaches-empty', !items.length);
      var more = $('breaches-more');
      more.textContent = t('breaches.more', items.length, answer.totalItems);
      show('breaches-more', answer.totalItems > items.length);
      markLoaded('breaches-table');
    }, failed);
  }

  function fillFilterOptions() {
    fillSelect($('breach-process'), PROCESSES.concat(Object.keys(state.processLabels).filter(function (p) {
      return PROCESSES.indexOf(p) < 0;
    })), processLabel, state.process);
    fillSelect($('breach-tier'), TIERS, tierLabel, state.tier);
  }

  function fillSelect(select, codes, label, selected) {
    clear(select);
    select.appendChild(el('option', t('filter.all'), { value: '' }));
    codes.forEach(function (code) {
      select.appendChild(el('option', label(code), { value: code }));
    });
    select.value = selected || '';
  }

  // ---------------------------------------------------------------- one case

  function loadCase(caseRef) {
    var view = $('case-view');
    view.removeAttribute('data-loaded');
    view.setAttribute('data-case-ref', caseRef);
    $('case-ref').textContent = caseRef;
    $('case-title').textContent = '';
    $('case-process').textContent = '';
    $('case-status').textContent = '';
    $('case-community').textContent = '';
    clear($('case-deadlines-body'));
    show('case-deadlines-empty', false);
    hideError();
    latest('case', api('/cases/' + encodeURIComponent(caseRef))).then(function (c) {
      $('case-ref').textContent = c.caseRef || caseRef;
      $('case-title').textContent = dash(c.title);
      $('case-process').textContent = c.processLabel || processLabel(c.process);
      $('case-status').textContent = dash(c.statusLabel || c.status);
      $('case-community').textContent = c.community ? dash(c.community.name) + ' (' + dash(c.community.code) + ')' : '—';
      var body = $('case-deadlines-body');
      clear(body);
      (c.deadlines || []).forEach(function (d) {
        var tr = el('tr', null, {
          'data-testid': 'deadline-row', 'data-kind': d.kind, 'data-tier': d.tier,
          'class': d.breachedAt ? 'row-breached' : null
        });
        tr.appendChild(el('td', dash(d.kindLabel || d.kind)));
        tr.appendChild(el('td', d.tierLabel || tierLabel(d.tier)));
        tr.appendChild(el('td', dash(d.node && d.node.name)));
        tr.appendChild(el('td', dash(d.holder), { 'class': 'nowrap' }));
        tr.appendChild(el('td', when(d.startedAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', when(d.warnAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', when(d.dueAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', when(d.metAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', when(d.breachedAt), { 'class': 'nowrap' + (d.breachedAt ? ' bad' : '') }));
        tr.appendChild(el('td', when(d.closedAt), { 'class': 'nowrap' }));
        tr.appendChild(el('td', late(d.lateMinutes), { 'class': 'num nowrap' }));
        tr.appendChild(el('td', d.state === 'PAUSED' ? t('outcome.paused') : outcome(d.outcome, !!d.closedAt)));
        body.appendChild(tr);
      });
      show('case-deadlines-empty', !(c.deadlines || []).length);
      view.setAttribute('data-loaded', 'true');
    }, function (error) {
      if (error instanceof ApiError && error.status === 404) {
        showError(t('case.notFound', caseRef));
        return;
      }
      failed(error);
    });
  }

  // ---------------------------------------------------------------- CSV: the link works as is; a click fetches it
  // with the page's language (a plain link would send the browser's Accept-Language instead)

  function downloadCsv(event) {
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || !window.fetch
      || !window.URL || !URL.createObjectURL) {
      return; // open in a new tab etc.: let the browser follow the link
    }
    event.preventDefault();
    var href = $('breaches-csv').getAttribute('href');
    pending(+1);
    fetch(href, { headers: headers('text/csv'), credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          var problem;
          try {
            problem = JSON.parse(text);
          } catch (e) {
            problem = { detail: text.slice(0, 300) };
          }
          throw new ApiError(response.status, problem, href);
        });
      }
      var name = fileName(response.headers.get('Content-Disposition')) || 'breaches.csv';
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = el('a', null, { href: url, download: name, hidden: 'hidden' });
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
        setTimeout(function () {
          URL.revokeObjectURL(url);
        }, 60000);
      });
    }).then(function () {
      pending(-1);
    }, function (error) {
      pending(-1);
      failed(error instanceof ApiError ? error : new ApiError(0, { detail: String(error) }, href));
    });
  }

  function fileName(disposition) {
    if (!disposition) {
      return null;
    }
    var star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
    if (star) {
      try {
        return decodeURIComponent(star[1].trim());
      } catch (e) {
        // fall through to the plain name
      }
    }
    var plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
    return plain ? plain[1].trim() : null;
  }

  // ---------------------------------------------------------------- wiring

  function wire() {
    $('lang-toggle').addEventListener('click', switchLanguage);
    $('node-picker').addEventListener('change', function (event) {
      state.node = event.target.value;
      state.dashboardFresh = false;
      if (caseRefFromHash()) {
        window.location.hash = '#/';
      } else {
        route();
      }
    });
    function periodInput() {
      var from = $('period-from').value;
      var to = $('period-to').value;
      if (!isDay(from) || !isDay(to)) {
        return;
      }
      state.from = from;
      state.to = to;
      loadPeriod();
    }
    $('period-from').addEventListener('change', periodInput);
    $('period-to').addEventListener('change', periodInput);
    $('period-this-month').addEventListener('click', function () {
      setPeriod(thisMonth());
    });
    $('period-last-month').addEventListener('click', function () {
      setPeriod(lastMonth());
    });
    $('period-90-days').addEventListener('click', function () {
      setPeriod(last90Days());
    });
    ['rates-by-community', 'rates-by-street'].forEach(function (id) {
      $(id).addEventListener('click', function (event) {
        state.by = event.currentTarget.getAttribute('data-by');
        $('rates-by-community').setAttribute('aria-pressed', String(state.by === 'community'));
        $('rates-by-street').setAttribute('aria-pressed', String(state.by === 'street'));
        $('rates-name-header').textContent = t(state.by === 'street' ? 'col.street' : 'col.community');
        loadRates();
      });
    });
    $('breach-process').addEventListener('change', function (event) {
      state.process = event.target.value;
      loadBreaches();
    });
    $('breach-tier').addEventListener('change', function (event) {
      state.tier = event.target.value;
      loadBreaches();
    });
    $('breaches-csv').addEventListener('click', downloadCsv);
    window.addEventListener('hashchange', route);
  }

  function start() {
    var period = thisMonth();
    state.from = period.from;
    state.to = period.to;
    $('period-from').value = period.from;
    $('period-to').value = period.to;
    applyLanguage();
    drawLegend();
    wire();
    renderPeriodNote();
    updateCsvLink();
    pending(0);
    loadMe();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
