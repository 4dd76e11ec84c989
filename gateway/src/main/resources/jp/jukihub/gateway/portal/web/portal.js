// My Portal (マイナポータル): the resident's page. No framework and no build step: one module that
// holds every string (MESSAGES, one dictionary per language), the page's state, and the calls to
// the hub's portal API on the same origin. Under Content-Security-Policy default-src 'self': no
// inline script or style, no eval, no innerHTML (server data only ever becomes text nodes).

const MESSAGES = {
  ja: {
    'doc.login': 'ログイン — マイナポータル',
    'doc.home': 'マイナポータル',
    brand: 'マイナポータル',
    skip: '本文へ移動',
    footer: 'Juki Hub マイナポータル — あなたの情報へのアクセスは、すべて記録され、ここに表示されます。',
    'nav.label': 'アカウントと言語',
    'lang.other': 'English',
    'lang.otherCode': 'en',
    'lang.switchLabel': 'Switch to English',
    logout: 'ログアウト',
    loggedOut: 'ログアウトしました。',
    loading: '読み込み中…',

    'login.title': 'マイナンバーカードでログイン',
    'login.lead': 'マイナポータルでは、あなたの情報を、いつ、どの機関が、どの事務のために利用したかを確かめられます。',
    'login.noPassword': 'ログインには、マイナンバーカードの利用者証明用電子証明書を使います。パスワードは使いません。パスワードを尋ねる画面やメールには応じないでください。',
    'login.step1': '「ログインを始める」を押すと、ログイン用のコードが表示されます。',
    'login.step2': 'カード読取アプリを開き、そのコードにマイナンバーカードで署名します（利用者証明用電子証明書の暗証番号・数字4桁を入力します）。',
    'login.step3': '署名が届くと、このページが自動でログインします。',
    'login.start': 'ログインを始める',
    'login.restart': 'もう一度始める',
    'login.codeTitle': 'ログイン用のコード',
    'login.instruction': 'カード読取アプリを開き、次のコードにカードで署名してください。',
    'login.copy': 'コードをコピー',
    'login.copied': 'コードをコピーしました。',
    'login.copyFailed': 'コピーできませんでした。コードを選択してからコピーしてください。',
    'login.expires': ({ time }) => `有効期限 ${time}（日本時間）`,
    'login.waiting': '署名を待っています…',
    'login.shown': 'ログイン用のコードを表示しました。カード読取アプリで署名してください。',
    'login.done': 'ログインしました。',
    'login.ended': 'ログインの有効期間が終わりました。もう一度ログインしてください。',

    'problem.CARD_REVOKED': 'このカードの利用者証明用電子証明書は失効しているため、ログインできません。お住まいの市区町村の窓口で、電子証明書の再発行を申請してください。',
    'problem.CARD_EXPIRED': 'このカードの利用者証明用電子証明書は有効期限が切れているため、ログインできません。お住まいの市区町村の窓口で更新してください。',
    'problem.CARD_NOT_RECOGNISED': 'マイナンバーカードの利用者証明用電子証明書ではないため、ログインできません。マイナンバーカードで署名してください。',
    'problem.SIGNATURE_INVALID': '署名を確かめられませんでした。このページに表示されたコードに、マイナンバーカードで署名したか確かめて、もう一度お試しください。',
    'problem.CHALLENGE_EXPIRED': 'ログイン用のコードの有効期限が切れました。「もう一度始める」を押して、新しいコードで署名してください。',
    'problem.other': ({ title, status }) => title || `エラーが発生しました（HTTP ${status}）。`,
    'error.network': 'サーバーに接続できませんでした。通信環境を確かめて、もう一度お試しください。',
    'error.retrying': '接続が途切れました。署名を待ちながら再接続しています…',

    'home.title': 'マイナポータル ホーム',
    'resident.name': ({ name }) => `${name} さん`,
    'badge.label': ({ count }) => `未読のお知らせ ${count} 件`,
    'tabs.label': 'メニュー',
    'tab.accesses': 'アクセス記録',
    'tab.self': '自己情報',
    'tab.notices': 'お知らせ',
    'tab.unread': ({ count }) => `（未読 ${count} 件）`,

    'accesses.title': 'アクセス記録',
    'accesses.lead': 'あなたの情報を、いつ、どの機関が、どの事務のために利用したかの記録です。アクセスはすべて記録されます。',
    'filter.label': 'アクセス記録の絞り込み',
    'filter.from': '開始日',
    'filter.to': '終了日',
    'filter.body': '機関ID',
    'filter.bodyHint': '例：lg-131016',
    'filter.apply': '絞り込む',
    'filter.badRange': '開始日は終了日より前の日付にしてください。',
    'accesses.csv': 'CSVで保存',
    'accesses.caption': ({ count, more }) => `アクセス記録 ${count} 件${more ? '（続きがあります）' : ''}`,
    'accesses.empty': '条件に合うアクセス記録はありません。',
    'accesses.more': 'さらに読み込む',
    'accesses.loaded': ({ count }) => `アクセス記録を ${count} 件表示しています。`,
    'col.time': '日時（日本時間）',
    'col.body': '機関',
    'col.kind': '種別',
    'col.affair': '事務',
    'col.released': '項目',
    'col.item': '項目',
    'col.provider': '提供元',
    'col.asOf': '時点',
    'col.data': '内容',
    'kind.lookup': '本人確認情報の照会',
    'kind.provision': '情報提供',
    'kind.certificate_issued': '電子証明書の発行',
    'kind.certificate_revoked': '電子証明書の失効',
    'kind.record_change': '住民票の記載の変更',
    'kind.portal_read': 'マイナポータルでの閲覧',
    'kind.token_acquired': '符号の取得',
    'kind.copy_registered': '副本の登録',
    'kind.copy_withdrawn': '副本の削除',
    'kind.audit_read': '監査での閲覧',
    'kind.other': 'その他',
    you: 'あなた（マイナポータル）',
    'provision.requester': '照会した機関',
    'provision.provider': '提供した機関',
    'outcome.failed': ({ code }) => `完了せず：${code}`,
    separator: '、',

    'self.title': '自己情報',
    'self.lead': '住民基本台帳に記録されているあなたの情報と、各機関が情報提供のために保有しているあなたの情報の副本です。',
    'self.basic': '基本4情報',
    'self.name': '氏名',
    'self.kana': 'ふりがな',
    'self.birthDate': '生年月日',
    'self.sex': '性別',
    'self.address': '住所',
    'self.myNumber': '個人番号（マイナンバー）',
    'self.certificate': 'ログインに使った電子証明書',
    'sex.male': '男性',
    'sex.female': '女性',
    'myNumber.reveal': '表示する',
    'myNumber.hide': '隠す',
    'myNumber.revealLabel': '個人番号をすべて表示する',
    'myNumber.hideLabel': '個人番号を隠す',
    'certificate.text': ({ serial, notAfter }) => `シリアル番号 ${serial}・有効期限 ${notAfter}`,
    'copies.title': '情報提供用の副本',
    'copies.lead': '各機関が、情報提供ネットワークで提供するために保有している、あなたの情報の写しです。',
    'copies.caption': ({ count }) => `副本 ${count} 件`,
    'copies.empty': '副本はありません。',
    'value.true': 'はい',
    'value.false': 'いいえ',

    'notices.title': 'お知らせ',
    'notices.summary': ({ unread, count }) => `未読 ${unread} 件（${count} 件を表示）`,
    'notices.empty': 'お知らせはありません。',
    'notices.more': 'さらに読み込む',
    'notices.markRead': '既読にする',
    'notices.read': '既読',
    'notices.unread': '未読',
    'notices.marked': 'お知らせを既読にしました。',
    'notice.provided': ({ body, counterpart, item }) =>
      `${body}が、${counterpart}から、あなたの「${item}」の提供を受けました。`,
    'notice.certificate_revoked': 'あなたのマイナンバーカードの電子証明書が失効しました。',
    'notice.certificate_expiring': 'あなたのマイナンバーカードの電子証明書の有効期限が近づいています。お住まいの市区町村の窓口で更新してください。',
    'notice.record_changed': ({ body }) => `${body}が、あなたの住民票の記載を変更しました。`,
    'notice.other': 'お知らせがあります。',
    unknownBody: '（機関不明）',
    unknownItem: '（項目不明）',

    'item.household': '住民票関係情報（世帯情報）',
    'item.local-tax-income': '地方税関係情報（所得・課税情報）',
    'item.resident-status': '住民票関係情報（住民票の記載状況）',
    'item.pension-benefit': '年金給付関係情報',
    'item.health-insurance': '医療保険給付関係情報（資格情報）',
    'item.child-allowance': '児童手当関係情報',
    'field.name': '氏名',
    'field.kana': 'ふりがな',
    'field.birthDate': '生年月日',
    'field.sex': '性別',
    'field.address': '住所',
    'field.myNumber': '個人番号',
    'field.residentCode': '住民票コード',
  },

  en: {
    'doc.login': 'Log in — My Portal',
    'doc.home': 'My Portal',
    brand: 'My Portal',
    skip: 'Skip to main content',
    footer: 'Juki Hub My Portal — every access to your information is recorded and shown here.',
    'nav.label': 'Account and language',
    'lang.other': '日本語',
    'lang.otherCode': 'ja',
    'lang.switchLabel': '日本語に切り替える',
    logout: 'Log out',
    loggedOut: 'You have logged out.',
    loading: 'Loading…',

    'login.title': 'Log in with your My Number card',
    'login.lead': 'My Portal shows you when your information was used, by which body and for which task.',
    'login.noPassword': 'You log in with the user-authentication certificate on your My Number card, never with a password. Do not answer any page or e-mail that asks you for one.',
    'login.step1': 'Press “Start logging in” to get a one-time log-in code.',
    'login.step2': 'Open the card reader app (カード読取アプリ) and sign the code with your My Number card (you will enter the 4-digit PIN of its user-authentication certificate).',
    'login.step3': 'When your signature arrives, this page logs you in by itself.',
    'login.start': 'Start logging in',
    'login.restart': 'Start again',
    'login.codeTitle': 'Your log-in code',
    'login.instruction': 'Open the card reader app (カード読取アプリ) and sign this code with your card.',
    'login.copy': 'Copy the code',
    'login.copied': 'Code copied.',
    'login.copyFailed': 'Could not copy. Please select the code and copy it.',
    'login.expires': ({ time }) => `Valid until ${time} (Japan time)`,
    'login.waiting': 'Waiting for your signature…',
    'login.shown': 'Your log-in code is shown. Sign it with the card reader app.',
    'login.done': 'You are logged in.',
    'login.ended': 'Your session has ended. Please log in again.',

    'problem.CARD_REVOKED': 'This card’s user-authentication certificate has been revoked, so it cannot be used to log in. Your municipal office can issue a new certificate.',
    'problem.CARD_EXPIRED': 'This card’s user-authentication certificate has expired, so it cannot be used to log in. Your municipal office can renew it.',
    'problem.CARD_NOT_RECOGNISED': 'That is not the user-authentication certificate of a My Number card, so it cannot be used to log in. Please sign with your My Number card.',
    'problem.SIGNATURE_INVALID': 'Your signature could not be verified. Check that you signed the code shown on this page with your My Number card, and try again.',
    'problem.CHALLENGE_EXPIRED': 'The log-in code has expired. Press “Start again” and sign the new code.',
    'problem.other': ({ title, status }) => title || `Something went wrong (HTTP ${status}).`,
    'error.network': 'Could not reach the server. Check your connection and try again.',
    'error.retrying': 'Connection lost. Reconnecting while waiting for your signature…',

    'home.title': 'My Portal home',
    'resident.name': ({ name }) => name,
    'badge.label': ({ count }) => `${count} unread ${count === 1 ? 'notice' : 'notices'}`,
    'tabs.label': 'Sections',
    'tab.accesses': 'Access records',
    'tab.self': 'My information',
    'tab.notices': 'Notices',
    'tab.unread': ({ count }) => `(${count} unread)`,

    'accesses.title': 'Access records',
    'accesses.lead': 'Every use of your information: when, by which body and for which task. Every access is recorded.',
    'filter.label': 'Filter the access records',
    'filter.from': 'From',
    'filter.to': 'To',
    'filter.body': 'Body ID',
    'filter.bodyHint': 'e.g. lg-131016',
    'filter.apply': 'Apply',
    'filter.badRange': 'The start date must not be after the end date.',
    'accesses.csv': 'Download CSV',
    'accesses.caption': ({ count, more }) => `${count} access ${count === 1 ? 'record' : 'records'}${more ? ' (more available)' : ''}`,
    'accesses.empty': 'No access records match.',
    'accesses.more': 'Load more',
    'accesses.loaded': ({ count }) => `Showing ${count} access ${count === 1 ? 'record' : 'records'}.`,
    'col.time': 'Time (JST)',
    'col.body': 'Body',
    'col.kind': 'Kind',
    'col.affair': 'Affair',
    'col.released': 'Released',
    'col.item': 'Item',
    'col.provider': 'Provider',
    'col.asOf': 'As of',
    'col.data': 'Contents',
    'kind.lookup': 'Identity lookup',
    'kind.provision': 'Information provision',
    'kind.certificate_issued': 'Certificate issued',
    'kind.certificate_revoked': 'Certificate revoked',
    'kind.record_change': 'Resident record change',
    'kind.portal_read': 'Viewed in My Portal',
    'kind.token_acquired': 'Token acquired',
    'kind.copy_registered': 'Copy registered',
    'kind.copy_withdrawn': 'Copy withdrawn',
    'kind.audit_read': 'Read by the audit office',
    'kind.other': 'Other',
    you: 'You (My Portal)',
    'provision.requester': 'requested by',
    'provision.provider': 'provided by',
    'outcome.failed': ({ code }) => `Not completed: ${code}`,
    separator: ', ',

    'self.title': 'My information',
    'self.lead': 'What the Basic Resident Register records about you, and the copies of your information that bodies hold for provision.',
    'self.basic': 'Basic information',
    'self.name': 'Name',
    'self.kana': 'Name (kana)',
    'self.birthDate': 'Date of birth',
    'self.sex': 'Sex',
    'self.address': 'Address',
    'self.myNumber': 'My Number',
    'self.certificate': 'Certificate used to log in',
    'sex.male': 'Male',
    'sex.female': 'Female',
    'myNumber.reveal': 'Show',
    'myNumber.hide': 'Hide',
    'myNumber.revealLabel': 'Show your whole My Number',
    'myNumber.hideLabel': 'Hide your My Number',
    'certificate.text': ({ serial, notAfter }) => `Serial ${serial}, valid until ${notAfter}`,
    'copies.title': 'Copies held for provision',
    'copies.lead': 'Copies of your information that bodies keep to provide over the information provision network.',
    'copies.caption': ({ count }) => `${count} ${count === 1 ? 'copy' : 'copies'}`,
    'copies.empty': 'No copies are held.',
    'value.true': 'Yes',
    'value.false': 'No',

    'notices.title': 'Notices',
    'notices.summary': ({ unread, count }) => `${unread} unread (${count} shown)`,
    'notices.empty': 'You have no notices.',
    'notices.more': 'Load more',
    'notices.markRead': 'Mark as read',
    'notices.read': 'Read',
    'notices.unread': 'Unread',
    'notices.marked': 'Notice marked as read.',
    'notice.provided': ({ body, counterpart, item }) =>
      `${body} received your “${item}” from ${counterpart}.`,
    'notice.certificate_revoked': 'A certificate on your My Number card has been revoked.',
    'notice.certificate_expiring': 'A certificate on your My Number card expires soon. Your municipal office can renew it.',
    'notice.record_changed': ({ body }) => `${body} changed your resident record.`,
    'notice.other': 'You have a notice.',
    unknownBody: '(unknown body)',
    unknownItem: '(unknown item)',

    'item.household': 'Resident record: household',
    'item.local-tax-income': 'Local tax: income and assessment',
    'item.resident-status': 'Resident record: registration status',
    'item.pension-benefit': 'Pension benefits',
    'item.health-insurance': 'Health insurance: eligibility',
    'item.child-allowance': 'Child allowance',
    'field.name': 'name',
    'field.kana': 'name (kana)',
    'field.birthDate': 'date of birth',
    'field.sex': 'sex',
    'field.address': 'address',
    'field.myNumber': 'My Number',
    'field.residentCode': 'resident code',
  },
};

const LANGUAGES = Object.keys(MESSAGES);
const LANGUAGE_KEY = 'jukihub.portal.lang';
const LOGIN_CODES = new Set([
  'CARD_REVOKED',
  'CARD_EXPIRED',
  'CARD_NOT_RECOGNISED',
  'SIGNATURE_INVALID',
  'CHALLENGE_EXPIRED',
]);
const POLL_MILLIS = 1000;
const PAGE_SIZE = 50;
const TABS = ['accesses', 'self', 'notices'];
const TIME_ZONE = 'Asia/Tokyo';
const JST_OFFSET_MILLIS = 9 * 60 * 60 * 1000;

const state = {
  lang: 'ja',
  screen: null, // 'login' | 'home'
  me: null,
  fullMyNumber: null,
  unread: 0,
  tab: 'accesses',
  accesses: { filters: {}, items: [], next: null, loaded: false },
  copies: { items: [], loaded: false },
  notices: { items: [], next: null, loaded: false },
  login: { attempt: 0, challenge: null, deadline: 0, problem: null, tried: false },
  status: null, // { message: [key, params], error }
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- text

function t(key, params = {}) {
  const entry = MESSAGES[state.lang][key] ?? MESSAGES.ja[key];
  if (entry === undefined) return key;
  return typeof entry === 'function' ? entry(params) : entry;
}

function storedLanguage() {
  try {
    const lang = window.localStorage.getItem(LANGUAGE_KEY);
    return LANGUAGES.includes(lang) ? lang : 'ja';
  } catch {
    return 'ja'; // storage disabled: Japanese first
  }
}

function setLanguage(lang) {
  state.lang = lang;
  try {
    window.localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // the choice then lasts for this page only
  }
  render();
}

function renderStaticText() {
  document.documentElement.lang = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  }
  const sw = $('lang-switch');
  sw.textContent = t('lang.other');
  sw.lang = t('lang.otherCode');
  sw.setAttribute('aria-label', t('lang.switchLabel'));
  document.title = t(state.screen === 'home' ? 'doc.home' : 'doc.login');
}

function locale() {
  return state.lang === 'ja' ? 'ja-JP' : 'en-GB';
}

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso ?? '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: state.lang === 'ja' ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

function formatClock(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso ?? '';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

/** A calendar date (YYYY-MM-DD, no time zone) in the page's language. */
function formatDate(ymd) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd ?? '');
  if (!match) return ymd ?? '';
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', dateStyle: 'long' }).format(date);
}

/** The instant a Japanese calendar day starts, as the API wants it (ISO-8601, UTC). */
function jstDayStart(ymd, plusDays = 0) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays) - JST_OFFSET_MILLIS).toISOString();
}

function itemName(item) {
  if (!item) return '';
  const key = `item.${item}`;
  return t(key) === key ? item : t(key);
}

function fieldName(field) {
  const key = `field.${field}`;
  return t(key) === key ? field : t(key);
}

function bodyName(body) {
  return body?.name || body?.id || t('unknownBody');
}

// ---------------------------------------------------------------- DOM

/** A new element: attributes (null and false left out), then children as nodes or text. */
function h(tag, attributes = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function show(el, visible) {
  el.hidden = !visible;
}

function timeElement(iso) {
  return h('time', { datetime: iso }, formatTime(iso));
}

const STATUS_MILLIS = 8000;
let statusTimer = 0;

/**
 * A message in the live region #status. Its level: 'error' stays on screen until the next
 * message; 'info' shows for a few seconds; 'quiet' is only spoken (for screen readers), as the
 * page already shows what happened (rows appeared, a notice turned read).
 */
function setStatus(key, params = {}, level = 'info') {
  state.status = key ? { key, params, level } : null;
  renderStatus();
  window.clearTimeout(statusTimer);
  if (key && level !== 'error') statusTimer = window.setTimeout(() => setStatus(null), STATUS_MILLIS);
}

function renderStatus() {
  const el = $('status');
  const status = state.status;
  el.textContent = status ? t(status.key, status.params) : '';
  el.dataset.level = status?.level ?? 'info';
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
  }
}

class NetworkError extends Error {}

/** Thrown after a 401 took the page back to the log-in screen; callers just stop. */
class SessionEnded extends Error {}

/**
 * One call to the hub: JSON in, JSON out, the session cookie with it. POSTs carry the header the
 * server asks for against cross-site requests. A 401 ends the session (unless the caller handles
 * it); any other non-2xx answer is thrown as an ApiError carrying the problem's code.
 */
async function api(path, { method = 'GET', own401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-Requested-With'] = 'portal';
  let response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new NetworkError(e.message);
  }
  const type = response.headers.get('Content-Type') || '';
  let body = null;
  if (/json/.test(type)) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (response.ok) return { status: response.status, body };
  if (response.status === 401 && !own401) {
    sessionEnded();
    throw new SessionEnded();
  }
  throw new ApiError(response.status, body && typeof body === 'object' ? body : { title: response.statusText });
}

/** Tells the resident what went wrong with a call, in the live region. */
function report(error) {
  if (error instanceof SessionEnded) return;
  if (error instanceof NetworkError) setStatus('error.network', {}, 'error');
  else if (error instanceof ApiError) {
    const key = LOGIN_CODES.has(error.code) ? `problem.${error.code}` : 'problem.other';
    setStatus(key, { title: error.title, status: error.status }, 'error');
  } else {
    setStatus('problem.other', { title: String(error?.message ?? error) }, 'error');
  }
}

// ---------------------------------------------------------------- screens

async function start() {
  state.lang = storedLanguage();
  wire();
  render();
  try {
    await loadMe();
  } catch (error) {
    showLogin();
    report(error);
  }
}

async function loadMe() {
  try {
    const { body } = await api('/v1/portal/me', { own401: true });
    enterHome(body);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      // 403: the TLS client certificate was refused; say why on the log-in screen.
      state.login.problem = error.status === 403 ? problemOf(error) : null;
      showLogin();
      return;
    }
    throw error;
  }
}

function problemOf(error) {
  return { code: error.code, title: error.title, status: error.status };
}

function showLogin() {
  state.screen = 'login';
  render();
}

function enterHome(me) {
  state.me = me;
  state.unread = Number(me.unreadNotices) || 0;
  state.fullMyNumber = null;
  state.login = { attempt: state.login.attempt + 1, challenge: null, deadline: 0, problem: null, tried: false };
  state.screen = 'home';
  render();
  selectTab(state.tab, false);
}

/** Back to the log-in screen, forgetting everything the session showed. */
function resetToLogin(statusKey) {
  state.me = null;
  state.fullMyNumber = null;
  state.unread = 0;
  state.tab = 'accesses';
  state.accesses = { filters: {}, items: [], next: null, loaded: false };
  state.copies = { items: [], loaded: false };
  state.notices = { items: [], next: null, loaded: false };
  state.login = { attempt: state.login.attempt + 1, challenge: null, deadline: 0, problem: null, tried: false };
  $('accesses-filter').reset();
  showLogin();
  setStatus(statusKey);
  $('main').focus();
}

function sessionEnded() {
  const wasHome = state.screen === 'home';
  resetToLogin(wasHome ? 'login.ended' : null);
}

function render() {
  renderStaticText();
  const home = state.screen === 'home';
  show($('login-screen'), state.screen === 'login');
  show($('home-screen'), home);
  show($('logout'), home);
  show($('resident'), home);
  renderLogin();
  if (home) {
    renderHeader();
    renderTabs();
    renderAccesses();
    renderSelf();
    renderCopies();
    renderNotices();
  }
  renderStatus();
}

// ---------------------------------------------------------------- log-in

function renderLogin() {
  const login = state.login;
  const error = $('login-error');
  if (login.problem) {
    const code = login.problem.code;
    error.textContent = LOGIN_CODES.has(code) ? t(`problem.${code}`) : t('problem.other', login.problem);
    error.dataset.code = code || '';
  } else {
    error.textContent = '';
    delete error.dataset.code;
  }
  show(error, Boolean(login.problem));

  const pending = $('login-pending');
  const challenge = login.challenge;
  show(pending, Boolean(challenge));
  const code = $('login-challenge');
  if (challenge) {
    code.textContent = challenge.challenge;
    code.dataset.challenge = challenge.challenge;
    code.dataset.challengeId = challenge.challengeId;
    $('login-expires').textContent = t('login.expires', { time: formatClock(challenge.expiresAt) });
  } else {
    code.textContent = '';
    delete code.dataset.challenge;
    delete code.dataset.challengeId;
    $('login-expires').textContent = '';
  }
  const startButton = $('login-start');
  startButton.textContent = t(login.tried ? 'login.restart' : 'login.start');
}

async function startLogin() {
  const button = $('login-start');
  const attempt = ++state.login.attempt;
  state.login.challenge = null;
  state.login.problem = null;
  state.login.tried = true;
  button.disabled = true;
  renderLogin();
  try {
    const { body } = await api('/portal/login/challenges', { method: 'POST', own401: true });
    if (attempt !== state.login.attempt) return;
    const expires = Date.parse(body.expiresAt);
    state.login.challenge = body;
    // A little past expiresAt: the server, not this clock, says when the code has expired.
    state.login.deadline = (Number.isNaN(expires) ? Date.now() + 5 * 60 * 1000 : expires) + 3000;
    renderLogin();
    setStatus('login.shown', {}, 'quiet');
    // On a phone the code appears below the fold: bring it up, without taking the focus.
    const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    $('login-pending').scrollIntoView({ block: 'nearest', behavior: still ? 'auto' : 'smooth' });
    window.setTimeout(() => pollLogin(attempt), POLL_MILLIS);
  } catch (error) {
    if (error instanceof ApiError) failLogin(attempt, problemOf(error));
    else report(error);
  } finally {
    button.disabled = false;
  }
}

/** Asks once whether the card has signed; 202 asks again a second later, until the deadline. */
async function pollLogin(attempt) {
  const login = state.login;
  if (attempt !== login.attempt || !login.challenge) return;
  if (Date.now() > login.deadline) {
    failLogin(attempt, { code: 'CHALLENGE_EXPIRED' });
    return;
  }
  const again = () => window.setTimeout(() => pollLogin(attempt), POLL_MILLIS);
  const id = encodeURIComponent(login.challenge.challengeId);
  try {
    const { status } = await api(`/portal/login/challenges/${id}/session`, {
      method: 'POST',
      own401: true,
    });
    if (attempt !== state.login.attempt) return;
    if (status === 202) {
      if (state.status?.key === 'error.retrying') setStatus(null);
      again();
      return;
    }
    setStatus('login.done', {}, 'quiet');
    await loadMe();
    $('main').focus();
  } catch (error) {
    if (attempt !== state.login.attempt) return;
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      failLogin(attempt, problemOf(error));
    } else if (error instanceof ApiError || error instanceof NetworkError) {
      setStatus('error.retrying', {}, 'error');
      again();
    } else {
      report(error);
    }
  }
}

function failLogin(attempt, problem) {
  if (attempt !== state.login.attempt) return;
  state.login.attempt++;
  state.login.challenge = null;
  state.login.problem = problem;
  if (state.status?.key === 'login.shown' || state.status?.key === 'error.retrying') setStatus(null);
  renderLogin();
  $('login-start').focus();
}

async function copyChallenge() {
  const code = $('login-challenge');
  try {
    await navigator.clipboard.writeText(code.dataset.challenge || '');
    setStatus('login.copied');
  } catch {
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    setStatus('login.copyFailed', {}, 'error');
  }
}

async function logout() {
  try {
    await api('/portal/logout', { method: 'POST', own401: true });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) report(error);
  }
  resetToLogin('loggedOut');
}

// ---------------------------------------------------------------- home: header and tabs

function renderHeader() {
  const me = state.me;
  $('resident-name').textContent = t('resident.name', { name: me?.name?.kanji ?? '' });
  const badge = $('notice-badge');
  badge.textContent = String(state.unread);
  badge.dataset.count = String(state.unread);
  badge.setAttribute('aria-label', t('badge.label', { count: state.unread }));
  show(badge, state.unread > 0);
  const count = $('tab-notices-count');
  count.textContent = t('tab.unread', { count: state.unread });
  show(count, state.unread > 0);
}

function renderTabs() {
  for (const name of TABS) {
    const tab = $(`tab-${name}`);
    const selected = name === state.tab;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    show($(`panel-${name}`), selected);
  }
}

function selectTab(name, focus) {
  state.tab = name;
  renderTabs();
  if (focus) $(`tab-${name}`).focus();
  const load = { accesses: loadAccesses, self: loadCopies, notices: loadNotices }[name];
  const section = { accesses: state.accesses, self: state.copies, notices: state.notices }[name];
  if (!section.loaded) load(false).catch(report);
}

function onTabKey(event) {
  const index = TABS.indexOf(state.tab);
  const next = {
    ArrowRight: (index + 1) % TABS.length,
    ArrowLeft: (index - 1 + TABS.length) % TABS.length,
    Home: 0,
    End: TABS.length - 1,
  }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectTab(TABS[next], true);
}

// ---------------------------------------------------------------- home: access records

function accessQuery(filters, extra = {}) {
  const params = new URLSearchParams();
  if (filters.from) params.set('from', jstDayStart(filters.from));
  // Through the end of the chosen day: the API's "to" is the instant the next day starts.
  if (filters.to) params.set('to', jstDayStart(filters.to, 1));
  if (filters.body) params.set('body', filters.body);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

async function loadAccesses(append) {
  const section = state.accesses;
  const extra = { limit: String(PAGE_SIZE) };
  if (append && section.next) extra.cursor = section.next;
  const table = $('accesses-table');
  table.setAttribute('aria-busy', 'true');
  try {
    const { body } = await api(`/v1/portal/me/accesses${accessQuery(section.filters, extra)}`);
    const accesses = Array.isArray(body?.accesses) ? body.accesses : [];
    section.items = append ? section.items.concat(accesses) : accesses;
    section.next = body?.next ?? null;
    section.loaded = true;
    renderAccesses();
    if (append || section.announce) setStatus('accesses.loaded', { count: section.items.length }, 'quiet');
    section.announce = false;
  } finally {
    table.removeAttribute('aria-busy');
  }
}

function applyFilters(event) {
  event.preventDefault();
  const from = $('filter-from').value;
  const to = $('filter-to').value;
  const badRange = Boolean(from && to && from > to);
  $('filter-to').setAttribute('aria-invalid', String(badRange));
  if (badRange) {
    setStatus('filter.badRange', {}, 'error');
    $('filter-to').focus();
    return;
  }
  state.accesses.filters = { from, to, body: $('filter-body').value.trim() };
  state.accesses.next = null;
  state.accesses.announce = true;
  renderCsvLink();
  loadAccesses(false).catch(report);
}

function renderCsvLink() {
  $('accesses-csv').href = `/v1/portal/me/accesses.csv${accessQuery(state.accesses.filters)}`;
}

/** A cell, with its column's name shown above the value when a phone stacks the table. */
function cell(label, ...content) {
  return h(
    'td',
    { role: 'cell' },
    h('span', { class: 'cell-label', 'aria-hidden': 'true' }, label),
    h('div', { class: 'cell-value' }, content),
  );
}

function bodyCell(access) {
  if (access.kind === 'portal_read') return [t('you')];
  const named = (body) => [bodyName(body), body?.id ? h('span', { class: 'id' }, body.id) : null];
  if (access.kind === 'provision' && access.counterpart) {
    // The body asked (requester), the counterpart answered (provider).
    return h(
      'span',
      { class: 'exchange' },
      h(
        'span',
        { class: 'exchange__side', 'data-role': 'requester' },
        h('span', { class: 'visually-hidden' }, `${t('provision.requester')}: `),
        named(access.body),
      ),
      h(
        'span',
        { class: 'exchange__side', 'data-role': 'provider' },
        h('span', { class: 'exchange__arrow', 'aria-hidden': 'true' }, '→'),
        h('span', { class: 'visually-hidden' }, `${t('provision.provider')}: `),
        named(access.counterpart),
      ),
    );
  }
  return named(access.body);
}

function accessRow(access) {
  const kindKey = `kind.${access.kind}`;
  const kind = t(kindKey) === kindKey ? t('kind.other') : t(kindKey);
  const failed = access.outcome && access.outcome !== 'ok';
  const fields = Array.isArray(access.fields) ? access.fields.map(fieldName).join(t('separator')) : '';
  return h(
    'tr',
    { role: 'row', 'data-kind': access.kind, 'data-outcome': access.outcome ?? null },
    cell(t('col.time'), timeElement(access.time)),
    cell(t('col.body'), bodyCell(access)),
    cell(t('col.kind'), kind, failed ? h('span', { class: 'tag tag--warn' }, t('outcome.failed', { code: access.outcome })) : null),
    cell(t('col.affair'), access.affair ? (access.affair.description || access.affair.id) : '—',
      access.affair?.description ? h('span', { class: 'id' }, access.affair.id) : null),
    cell(t('col.released'),
      access.item ? h('span', { class: 'item' }, itemName(access.item)) : null,
      fields ? h('span', { class: access.item ? 'fields fields--secondary' : 'fields' }, fields) : null,
      !access.item && !fields ? '—' : null),
  );
}

function renderAccesses() {
  const section = state.accesses;
  $('accesses-rows').replaceChildren(...section.items.map(accessRow));
  $('accesses-caption').textContent = t('accesses.caption', {
    count: section.items.length,
    more: Boolean(section.next),
  });
  show($('accesses-empty'), section.loaded && section.items.length === 0);
  show($('accesses-more'), Boolean(section.next));
  renderCsvLink();
}

// ---------------------------------------------------------------- home: my information

function renderSelf() {
  const me = state.me ?? {};
  $('self-name').textContent = me.name?.kanji ?? '';
  $('self-kana').textContent = me.name?.kana ?? '';
  $('self-birth-date').textContent = formatDate(me.birthDate);
  const sexKey = `sex.${me.sex}`;
  $('self-sex').textContent = t(sexKey) === sexKey ? (me.sex ?? '') : t(sexKey);
  $('self-address').textContent = me.address ?? '';
  const revealed = state.fullMyNumber !== null;
  const number = $('my-number');
  number.textContent = revealed ? state.fullMyNumber : (me.myNumber ?? '');
  number.dataset.revealed = String(revealed);
  const button = $('reveal-my-number');
  button.textContent = t(revealed ? 'myNumber.hide' : 'myNumber.reveal');
  button.setAttribute('aria-label', t(revealed ? 'myNumber.hideLabel' : 'myNumber.revealLabel'));
  button.setAttribute('aria-expanded', String(revealed));
  const certificate = me.certificate;
  $('self-certificate').textContent = certificate
    ? t('certificate.text', { serial: certificate.serial, notAfter: formatTime(certificate.notAfter) })
    : '';
}

async function toggleMyNumber() {
  if (state.fullMyNumber !== null) {
    state.fullMyNumber = null; // forgotten, not just hidden
    renderSelf();
    return;
  }
  const button = $('reveal-my-number');
  button.disabled = true;
  try {
    const { body } = await api('/v1/portal/me?reveal=myNumber');
    state.fullMyNumber = String(body?.myNumber ?? '');
    renderSelf();
  } catch (error) {
    report(error);
  } finally {
    button.disabled = false;
    button.focus();
  }
}

async function loadCopies() {
  const { body } = await api('/v1/portal/me/copies');
  state.copies.items = Array.isArray(body?.copies) ? body.copies : [];
  state.copies.loaded = true;
  renderCopies();
}

function dataValue(value) {
  if (value === true) return t('value.true');
  if (value === false) return t('value.false');
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function copyRow(copy) {
  const entries = Object.entries(copy.data ?? {});
  const data = h(
    'dl',
    { class: 'mini-facts' },
    entries.map(([name, value]) => h('div', {}, h('dt', {}, fieldName(name)), h('dd', {}, dataValue(value)))),
  );
  const dataCell = cell(t('col.data'), data);
  dataCell.classList.add('cell--wide');
  return h(
    'tr',
    { role: 'row', 'data-item': copy.item },
    cell(t('col.item'), itemName(copy.item)),
    cell(t('col.provider'), bodyName(copy.provider), copy.provider?.id ? h('span', { class: 'id' }, copy.provider.id) : null),
    cell(t('col.asOf'), timeElement(copy.asOf)),
    dataCell,
  );
}

function renderCopies() {
  const copies = state.copies;
  $('copies-rows').replaceChildren(...copies.items.map(copyRow));
  $('copies-caption').textContent = t('copies.caption', { count: copies.items.length });
  show($('copies-empty'), copies.loaded && copies.items.length === 0);
}

// ---------------------------------------------------------------- home: notices

async function loadNotices(append) {
  const section = state.notices;
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (append && section.next) params.set('cursor', section.next);
  const list = $('notices-list');
  list.setAttribute('aria-busy', 'true');
  try {
    const { body } = await api(`/v1/portal/me/notices?${params}`);
    const notices = Array.isArray(body?.notices) ? body.notices : [];
    section.items = append ? section.items.concat(notices) : notices;
    section.next = body?.next ?? null;
    section.loaded = true;
    if (Number.isFinite(body?.unread)) state.unread = body.unread;
    renderHeader();
    renderNotices();
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function noticeSentence(notice) {
  const params = {
    body: bodyName(notice.body),
    counterpart: bodyName(notice.counterpart),
    item: notice.item ? itemName(notice.item) : t('unknownItem'),
  };
  const key = `notice.${notice.kind}`;
  return t(key) === key ? t('notice.other') : t(key, params);
}

function noticeItem(notice, index) {
  const textId = `notice-text-${index}`;
  const read = Boolean(notice.read);
  return h(
    'li',
    {
      class: 'notice',
      'data-notice-id': notice.id,
      'data-read': String(read),
      'data-kind': notice.kind,
      tabindex: '-1',
    },
    h(
      'p',
      { class: 'notice__meta' },
      h('span', { class: read ? 'tag' : 'tag tag--new' }, t(read ? 'notices.read' : 'notices.unread')),
      ' ',
      timeElement(notice.occurredAt),
    ),
    h('p', { class: 'notice__text', id: textId }, noticeSentence(notice)),
    notice.detail ? h('p', { class: 'notice__detail' }, notice.detail) : null,
    read
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: 'button button--small mark-read',
            'data-notice-id': notice.id,
            'aria-describedby': textId,
          },
          t('notices.markRead'),
        ),
  );
}

function renderNotices() {
  const section = state.notices;
  $('notices-list').replaceChildren(...section.items.map(noticeItem));
  $('notices-summary').textContent = section.loaded
    ? t('notices.summary', { unread: state.unread, count: section.items.length })
    : '';
  show($('notices-empty'), section.loaded && section.items.length === 0);
  show($('notices-more'), Boolean(section.next));
}

async function markRead(button) {
  const id = button.dataset.noticeId;
  button.disabled = true;
  try {
    await api(`/v1/portal/me/notices/${encodeURIComponent(id)}/read`, { method: 'POST' });
    const notice = state.notices.items.find((n) => String(n.id) === id);
    if (notice && !notice.read) {
      notice.read = true;
      state.unread = Math.max(0, state.unread - 1);
    }
    renderHeader();
    renderNotices();
    setStatus('notices.marked', {}, 'quiet');
    // The button is gone: keep the keyboard where it was, on the notice itself.
    document.querySelector(`li[data-notice-id="${CSS.escape(id)}"]`)?.focus();
  } catch (error) {
    button.disabled = false;
    report(error);
  }
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('lang-switch').addEventListener('click', () => setLanguage(state.lang === 'ja' ? 'en' : 'ja'));
  $('logout').addEventListener('click', () => logout());
  $('login-start').addEventListener('click', () => startLogin());
  $('login-copy').addEventListener('click', () => copyChallenge());
  $('notice-badge').addEventListener('click', () => selectTab('notices', true));
  for (const name of TABS) $(`tab-${name}`).addEventListener('click', () => selectTab(name, false));
  $('tabs').addEventListener('keydown', onTabKey);
  $('accesses-filter').addEventListener('submit', applyFilters);
  $('accesses-more').addEventListener('click', () => loadAccesses(true).catch(report));
  $('reveal-my-number').addEventListener('click', () => toggleMyNumber());
  $('notices-more').addEventListener('click', () => loadNotices(true).catch(report));
  $('notices-list').addEventListener('click', (event) => {
    const button = event.target.closest('button.mark-read');
    if (button) markRead(button);
  });
}

start();
