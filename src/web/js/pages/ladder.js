// The ladder panels of the enterprise page (issue 4), one file each:
//   培育阶梯       ladder-position.js
//   评价与差距     ladder-evaluation.js
//   后备库与路线图 ladder-roadmap.js
//   阶梯与待办     ladder-summary.js (shown first, above the enterprise's fields)
// Forms for designations and yearly indicators are pages of their own (ladder-forms.js).

import { ApiError } from '../api.js';
import { loadStages } from './ladder-common.js';
import { renderEvaluation } from './ladder-evaluation.js';
import { renderLadder } from './ladder-position.js';
import { renderRoadmap } from './ladder-roadmap.js';
import { renderSummary } from './ladder-summary.js';

// A section whose endpoint is not there (404/405 after the enterprise itself loaded) hides its
// panel instead of showing a broken one.
function guarded(render) {
  return async (ctx) => {
    try {
      await loadStages();
      return await render(ctx);
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 405)) {
        ctx.root.hidden = true;
        return null;
      }
      throw err;
    }
  };
}

export const ladderSections = [
  { id: 'summary', title: '阶梯与待办', lead: true, render: guarded(renderSummary) },
  { id: 'ladder', title: '培育阶梯', render: guarded(renderLadder) },
  { id: 'evaluation', title: '评价与差距', render: guarded(renderEvaluation) },
  { id: 'roadmap', title: '后备库与路线图', render: guarded(renderRoadmap) },
];
