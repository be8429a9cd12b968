import { h, mount } from '../dom.js';

export default function notFoundPage({ root }) {
  mount(root, h('section', { class: 'panel panel-empty' },
    h('p', { class: 'panel-empty-title' }, '页面不存在'),
    h('a', { class: 'btn', href: '#/enterprises' }, '返回企业名录')));
}
