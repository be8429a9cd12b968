// Amounts and phone numbers as officers write them (issue 13).
//
// parseYuan("1,200万") → { yuan: "12000000" }; "1.2亿" → "120000000"; "3,500,000元" → "3500000";
// "12.34567万" → { error } (not whole yuan). The arithmetic is on the decimal digits as a string —
// never a float — so 0.07亿 is exactly 7000000 and no rounding can creep into a saved figure.
// checkPhone("12345") → the reason it is refused, or '' for a mobile 1[3-9]xxxxxxxxx or a
// landline with its area code (0374-1234567, extension after a second "-"); the server checks the same.

const UNITS = { '': 0, 元: 0, 万: 4, 万元: 4, 亿: 8, 亿元: 8 };
const MAX_DIGITS = 15; // below 2^53: the integer stays exact as a JSON number

export function parseYuan(text) {
  const raw = String(text ?? '').replace(/[,，\s]/g, '');
  if (raw === '') return { yuan: null };
  const m = /^(\d+)(?:\.(\d+))?(万元|亿元|万|亿|元)?$/.exec(raw);
  if (!m) {
    if (/^-/.test(raw)) return { error: '金额不能为负数' };
    return { error: '请按“1,200万”“1.2亿”或“3500000”填写金额' };
  }
  const shift = UNITS[m[3] || ''];
  const whole = m[1];
  const frac = m[2] || '';
  if (frac.length > shift && /[1-9]/.test(frac.slice(shift))) {
    return { error: shift ? `金额须精确到元（${m[3]}后最多 ${shift} 位小数）` : '金额须为整数元' };
  }
  const digits = (whole + frac.padEnd(shift, '0').slice(0, shift)).replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return { error: '金额过大，请核对单位' };
  return { yuan: digits };
}

// "12000000" → "1,200万元" for the hint under a money field; exact, from the digit string.
export function yuanText(digits) {
  const s = String(digits);
  const group = (t) => t.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const unit = (n, name) => {
    const head = s.slice(0, s.length - n);
    const tail = s.slice(s.length - n).replace(/0+$/, '');
    return `${group(head)}${tail ? `.${tail}` : ''}${name}`;
  };
  if (s.length > 8) return unit(8, '亿元');
  if (s.length > 4) return unit(4, '万元');
  return `${s}元`;
}

export function checkPhone(text) {
  const p = String(text ?? '').replace(/\s/g, '');
  if (p === '') return '';
  const mobile = p.replace(/^(\+86|86(?=\d{11}$))/, '');
  if (/^1[3-9]\d{9}$/.test(mobile)) return '';
  if (/^0\d{2,3}-\d{7,8}(-\d{1,6})?$/.test(p) || /^0\d{9,11}$/.test(p)) return '';
  if (/^1/.test(p)) return '手机号应为 11 位，以 13–19 开头';
  return '请填写手机号（如 13812345678）或带区号的固定电话（如 0374-1234567）';
}
