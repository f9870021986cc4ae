#include "analysis/reports/doc.h"

#include <string.h>

/* Plain text in the document's format. Markdown: characters that would start markup are
 * backslash-escaped; HTML: the four that matter in text and attributes. Newlines become
 * spaces (a cell or a heading is one line). */
static void put_text(const csim_doc *d, const char *s) {
    for (const char *p = s; *p; ++p) {
        const char ch = *p == '\n' || *p == '\r' ? ' ' : *p;
        if (d->format == CSIM_DOC_HTML) {
            switch (ch) {
            case '&': fputs("&amp;", d->out); continue;
            case '<': fputs("&lt;", d->out); continue;
            case '>': fputs("&gt;", d->out); continue;
            case '"': fputs("&quot;", d->out); continue;
            default: break;
            }
        } else if (strchr("\\`*_[]<>|#", ch)) {
            fputc('\\', d->out);
        }
        fputc(ch, d->out);
    }
}

/* Close an open list before any other block. */
static void close_list(csim_doc *d) {
    if (d->in_list) {
        fputs(d->format == CSIM_DOC_HTML ? "</ul>\n" : "\n", d->out);
        d->in_list = false;
    }
}

void csim_doc_begin(csim_doc *d, FILE *out, csim_doc_format format, const char *title) {
    d->out = out;
    d->format = format;
    d->in_list = false;
    d->columns = 0;
    if (format == CSIM_DOC_MARKDOWN) {
        fputs("# ", out);
        put_text(d, title);
        fputs("\n\n", out);
        return;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
    put_text(d, title);
    fputs("</title>\n<style>\n"
          "body { font-family: sans-serif; max-width: 72em; margin: 2em auto; padding: 0 1em;"
          " line-height: 1.45; color: #222; }\n"
          "table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }\n"
          "th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left;"
          " vertical-align: top; }\n"
          "th { background: #f2f2f2; }\n"
          "figure { margin: 1.5em 0; } figure img { max-width: 100%; }\n"
          "figcaption { font-size: 0.9em; color: #555; }\n"
          "</style>\n</head>\n<body>\n<h1>", out);
    put_text(d, title);
    fputs("</h1>\n", out);
}

void csim_doc_end(csim_doc *d) {
    close_list(d);
    if (d->columns > 0) {
        csim_doc_table_end(d);
    }
    if (d->format == CSIM_DOC_HTML) {
        fputs("</body>\n</html>\n", d->out);
    }
}

void csim_doc_heading(csim_doc *d, int level, const char *text) {
    close_list(d);
    level = level < 2 ? 2 : (level > 3 ? 3 : level);
    if (d->format == CSIM_DOC_HTML) {
        fprintf(d->out, "<h%d>", level);
        put_text(d, text);
        fprintf(d->out, "</h%d>\n", level);
    } else {
        fputs(level == 2 ? "## " : "### ", d->out);
        put_text(d, text);
        fputs("\n\n", d->out);
    }
}

void csim_doc_paragraph(csim_doc *d, const char *text) {
    close_list(d);
    fputs(d->format == CSIM_DOC_HTML ? "<p>" : "", d->out);
    put_text(d, text);
    fputs(d->format == CSIM_DOC_HTML ? "</p>\n" : "\n\n", d->out);
}

void csim_doc_item(csim_doc *d, const char *strong, const char *text) {
    const bool html = d->format == CSIM_DOC_HTML;
    if (!d->in_list) {
        fputs(html ? "<ul>\n" : "", d->out);
        d->in_list = true;
    }
    fputs(html ? "<li>" : "- ", d->out);
    if (strong) {
        fputs(html ? "<strong>" : "**", d->out);
        put_text(d, strong);
        fputs(html ? "</strong> " : "** ", d->out);
    }
    put_text(d, text);
    fputs(html ? "</li>\n" : "\n", d->out);
}

/* One table row of `n` cells, th or td in HTML. */
static void row(const csim_doc *d, const char *const *cells, size_t n, bool header) {
    const bool html = d->format == CSIM_DOC_HTML;
    fputs(html ? "<tr>" : "|", d->out);
    for (size_t i = 0; i < n; ++i) {
        fputs(html ? (header ? "<th>" : "<td>") : " ", d->out);
        put_text(d, cells[i] ? cells[i] : "");
        fputs(html ? (header ? "</th>" : "</td>") : " |", d->out);
    }
    fputs(html ? "</tr>\n" : "\n", d->out);
}

void csim_doc_table_begin(csim_doc *d, const char *const *headers, size_t n) {
    close_list(d);
    d->columns = n;
    if (d->format == CSIM_DOC_HTML) {
        fputs("<table>\n<thead>\n", d->out);
        row(d, headers, n, true);
        fputs("</thead>\n<tbody>\n", d->out);
        return;
    }
    row(d, headers, n, true);
    fputc('|', d->out);
    for (size_t i = 0; i < n; ++i) {
        fputs("---|", d->out);
    }
    fputc('\n', d->out);
}

void csim_doc_table_row(csim_doc *d, const char *const *cells) {
    row(d, cells, d->columns, false);
}

void csim_doc_table_end(csim_doc *d) {
    fputs(d->format == CSIM_DOC_HTML ? "</tbody>\n</table>\n" : "\n", d->out);
    d->columns = 0;
}

void csim_doc_figure(csim_doc *d, const char *stem, const char *caption) {
    close_list(d);
    if (d->format == CSIM_DOC_HTML) {
        fprintf(d->out, "<figure><img src=\"%s.png\" alt=\"", stem);
        put_text(d, caption);
        fprintf(d->out, "\"><figcaption>");
        put_text(d, caption);
        fprintf(d->out, " (<a href=\"%s.svg\">SVG</a>)</figcaption></figure>\n", stem);
        return;
    }
    fputs("![", d->out);
    put_text(d, caption);
    fprintf(d->out, "](%s.png)\n\n", stem);
    put_text(d, caption);
    fprintf(d->out, " ([SVG](%s.svg))\n\n", stem);
}
