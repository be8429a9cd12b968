// zh-CN labels and messages. The API speaks English in `message` and gives the registry's Chinese
// text in `message_zh`; the UI shows its own wording where it has a better one for the page
// (CODE_MESSAGES and the pages' *_MESSAGES tables, whose keys a unit test checks against the
// registry), otherwise the server's.

export const ROLE_NAMES = {
  admin: '系统管理员',
  bureau: '市科技局',
  county: '县区科技部门',
  liaison: '联络员',
  auditor: '审计员',
  viewer: '只读',
};

export const FIELD_LABELS = {
  uscc: '统一社会信用代码',
  uscc_checksum_override: '校验位例外',
  name: '企业名称',
  aliases: '简称 / 曾用名',
  region: '所属县区',
  industry: '产业链',
  founded_on: '成立日期',
  address: '地址',
  legal_representative: '法定代表人',
  contact_phone: '联系电话',
  tags: '标签',
  version: '版本',
  q: '搜索',
  login: '账号',
  password: '密码',
};

// Tags the bureau uses; the field is free text, these are suggestions.
export const COMMON_TAGS = ['专精特新', '上市后备', '技术创新示范', '外资', '知识产权优势', '研发中心'];

const CODE_MESSAGES = {
  required: '必填',
  too_long: '内容过长',
  too_short: '至少输入 2 个字',
  invalid_utf8: '包含无效字符',
  control_character: '包含控制字符或不可见字符',
  name_not_chinese: '请填写中文登记名称',
  name_charset: '名称只能包含汉字、字母、数字、括号（）、·、- 和 &',
  number_out_of_range: '数值超出范围',
  duplicate_key: '提交的内容有重复字段',
  unknown_region: '请选择已配置的县区',
  unknown_industry: '请选择已配置的产业链',
  unknown_stage: '请选择已配置的梯度',
  unknown_pool: '请选择已配置的后备库',
  cursor_mismatch: '排序已改变，请重新搜索',
  date_in_future: '成立日期不能晚于今天',
  invalid_date: '日期格式应为 年-月-日',
  invalid_phone: '请填写手机号（如 13812345678）或带区号的固定电话（如 0374-1234567）',
  uscc_exists: '该统一社会信用代码已登记',
  uscc_registered_elsewhere: '该统一社会信用代码已在其他县区登记，请联系市科技局',
  invalid_credentials: '账号或密码错误',
  account_locked: '密码错误次数过多，本机登录已暂停，请稍后再试',
  password_unchanged: '新密码不能与当前密码相同',
  too_many_attempts: '登录尝试过于频繁，请一分钟后再试',
  csrf_token_missing: '页面已过期，请刷新后重试',
  cross_origin: '拒绝来自其他网站的请求',
  forbidden: '无权执行此操作',
  not_found: '未找到或无权查看',
  network: '无法连接服务器，请检查网络后重试',  // the UI's own code (api.js): no response at all
  unavailable: '服务器繁忙，请稍后重试',
  internal: '服务器出错，请稍后重试',
};

// A Chinese message for an ApiError (see api.js).
export function messageFor(err) {
  if (!err) return '';
  if (err.code === 'uscc_checksum' && err.details && err.details.expected_check_character) {
    return `统一社会信用代码校验位不符（按规则应为 ${err.details.expected_check_character}）。请核对；确认无误可勾选“按原样登记”。`;
  }
  if (err.code === 'stale_version') {
    return '该企业信息已被他人修改。请重新加载最新版本后再编辑。';
  }
  if (CODE_MESSAGES[err.code]) return CODE_MESSAGES[err.code];
  if (err.messageZh) return err.messageZh;
  if (err.status === 401) return '登录已失效，请重新登录';
  if (err.status === 403) return CODE_MESSAGES.forbidden;
  if (err.status === 404) return CODE_MESSAGES.not_found;
  if (err.status === 429) return '尝试过于频繁，请稍后再试';
  if (err.status >= 500) return CODE_MESSAGES.internal;
  return err.message || '操作失败';
}

export function formatDateTime(value) {
  if (!value) return '';
  // Timestamps come as ISO 8601 (UTC or with an offset); show them in China Standard Time.
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const cst = new Date(d.getTime() + 8 * 3600 * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${cst.getUTCFullYear()}-${pad(cst.getUTCMonth() + 1)}-${pad(cst.getUTCDate())} ${pad(cst.getUTCHours())}:${pad(cst.getUTCMinutes())}`;
}

export function formatCount(n) {
  return Number(n).toLocaleString('zh-CN');
}
