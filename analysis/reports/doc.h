/**
 * \file analysis/reports/doc.h
 * One document written twice, as Markdown and as stand-alone HTML, from the same calls:
 * headings, paragraphs, bullet lists, tables and figures. The policy brief
 * (analysis/reports/brief_write.h) lays itself out once through these calls and gets both files
 * with the same content.
 *
 * All text is plain: it is escaped for the format (Markdown's markup characters; HTML's
 * & < > "), so a scenario named "a_b*c" prints as it is. The one mark-up is `strong`, a
 * lead-in printed in bold before a list item's text. HTML carries its own small style
 * sheet and references figures by relative name, so the folder can be moved as a whole.
 *
 * Thread-safety: reentrant (writes to the caller's stream).
 */
#ifndef CSIM_ANALYSIS_DOC_H
#define CSIM_ANALYSIS_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/** Output format. */
typedef enum csim_doc_format { CSIM_DOC_MARKDOWN = 0, CSIM_DOC_HTML } csim_doc_format;

/** A document being written. Caller-allocated; csim_doc_begin() fills it. */
typedef struct csim_doc {
    FILE *out;              /**< borrowed stream                                  */
    csim_doc_format format; /**< Markdown or HTML                                 */
    bool in_list;           /**< a bullet list is open                            */
    size_t columns;         /**< columns of the open table; 0 when none is open   */
} csim_doc;

/** Start a document titled `title` (an HTML head and h1; a Markdown "# title"). */
void csim_doc_begin(csim_doc *d, FILE *out, csim_doc_format format, const char *title);

/** Close whatever is open and finish the document. */
void csim_doc_end(csim_doc *d);

/** A heading of level 2 or 3. */
void csim_doc_heading(csim_doc *d, int level, const char *text);

/** A paragraph of plain text. */
void csim_doc_paragraph(csim_doc *d, const char *text);

/** A bullet list item: `strong` (may be NULL) in bold, then `text`. Consecutive items
 * make one list. */
void csim_doc_item(csim_doc *d, const char *strong, const char *text);

/** Start a table with `n` column headers. */
void csim_doc_table_begin(csim_doc *d, const char *const *headers, size_t n);

/** One row of the open table: as many cells as headers. */
void csim_doc_table_row(csim_doc *d, const char *const *cells);

/** Close the open table. */
void csim_doc_table_end(csim_doc *d);

/** A figure: `stem`.png shown, `stem`.svg linked, with `caption` under it. */
void csim_doc_figure(csim_doc *d, const char *stem, const char *caption);

#endif /* CSIM_ANALYSIS_DOC_H */
