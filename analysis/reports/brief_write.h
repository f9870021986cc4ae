/**
 * \file analysis/reports/brief_write.h
 * The policy brief's page (`clustersim report`), laid out once through analysis/reports/doc.h so
 * that brief.md and brief.html say the same: the question and the set-up; the ranked
 * summary table (every scenario's paired effect on each outcome with its interval, and
 * its programme money); one sentence per scenario; the figures; how sure the numbers
 * are; the caveats; and the detail tables in an appendix.
 *
 * Figures are referenced by the names csim_plot_compare() gives them (ts_, effect_,
 * persist_ with the measure's number in the comparison), so the page belongs in the
 * folder where those were drawn.
 *
 * Thread-safety: reentrant.
 */
#ifndef CSIM_ANALYSIS_BRIEF_WRITE_H
#define CSIM_ANALYSIS_BRIEF_WRITE_H

#include "analysis/reports/brief.h"
#include "analysis/reports/doc.h"

/** Write the whole page of brief `b` into `doc` (begun here, ended here). Cannot fail. */
void csim_brief_write(const csim_brief *b, csim_doc *doc, FILE *out, csim_doc_format format);

#endif /* CSIM_ANALYSIS_BRIEF_WRITE_H */
