/*
 * pdf.c — the PDF loader: poppler's pdftotext, run as a separate program,
 * turns the PDF into words with their boxes (-bbox), which pdfwords.c and
 * pdflayout.c make into the model (pdf.h).
 *
 * Why a program and not a library: the maintained PDF readers that handle
 * CJK text well are poppler (GPL-2.0-or-later) and MuPDF (AGPL-3.0 or
 * commercial); linking either would put libnormlint, which is Apache-2.0,
 * under their terms. A separate program keeps the licences apart, and also
 * keeps a crash, a hang or a memory blow-up of the PDF parser out of this
 * process: a PDF is untrusted input, and pdftotext runs under a time limit
 * with its output and its memory capped (run.h), on at most --limit
 * pdf-pages pages (pdftotext is asked for one page more, which tells a
 * longer document).
 *
 * pdftotext's exit status and its error messages tell the refusals apart:
 * a PDF that needs a password is "encrypted" (poppler says "Incorrect
 * password"; the trailer names an /Encrypt dictionary); one that opens but
 * holds no text once page furniture is dropped has "no text layer" and needs
 * OCR; anything else it cannot open is damaged. Each is an unreadable input
 * (exit status 3), like a damaged DOCX.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "load/loader.h"
#include "load/pdf.h"
#include "load/run.h"

#define PDFTOTEXT "pdftotext"

static int pdf_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    return len >= 5 && memcmp(data, "%PDF-", 5) == 0;
}

static int has(const unsigned char *data, size_t len, const char *needle)
{
    return nl_find((const char *)data, len, needle, strlen(needle)) < len;
}

/* The first line of pdftotext's complaint that says something (its
 * "Syntax Warning"s come first and say little). */
static void reason(const char *err, char *out, size_t size)
{
    const char *pick = NULL;
    for (const char *l = err; *l && !pick;) {
        if (strncmp(l, "Syntax Error", 12) == 0 || strncmp(l, "Command Line Error", 18) == 0 ||
            strncmp(l, "I/O Error", 9) == 0 || strncmp(l, "Internal Error", 14) == 0)
            pick = l;
        const char *nl = strchr(l, '\n');
        l = nl ? nl + 1 : l + strlen(l);
    }
    pick = pick ? pick : err;
    size_t n = strcspn(pick, "\r\n");
    snprintf(out, size, "%.*s", (int)(n > 200 ? 200 : n), pick);
}

/* A run that did not give text: the reason as the document's error. */
static nl_status refused(const nl_run_result *res, const unsigned char *data, size_t len, const char *path,
                         const nl_run_limits *lim, nl_error *err)
{
    char why[256], size[48];
    switch (res->outcome) {
    case NL_RUN_NOT_FOUND:
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "is a PDF, which normlint reads with pdftotext, and pdftotext is not installed: install "
                            "poppler-utils (Debian: apt-get install poppler-utils)");
    case NL_RUN_TIMEOUT:
        return nl_error_set(err, NL_ERR_TOO_LARGE, path,
                            "pdftotext did not finish within %u s, the limit (--limit pdf-seconds)", lim->seconds);
    case NL_RUN_TOO_MUCH:
        nl_load_human_size(lim->output, size, sizeof size);
        return nl_error_set(err, NL_ERR_TOO_LARGE, path,
                            "pdftotext's output is larger than the %s limit (--limit pdf-output)", size);
    case NL_RUN_SIGNALLED:
        return nl_error_set(err, NL_ERR_PARSE, path,
                            "pdftotext crashed (signal %d) on it: a damaged PDF, or one that needs more than "
                            "%zu MiB to convert?",
                            res->code, lim->memory >> 20);
    case NL_RUN_EXITED:
        break;
    }
    if (strstr(res->err, "Incorrect password") || (res->code == 1 && has(data, len, "/Encrypt")))
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "encrypted PDF: it needs a password to open; save a copy without the password "
                            "(qpdf --decrypt --password=PASSWORD IN OUT) and check that");
    if (res->code == 3)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path,
                            "encrypted PDF: its permissions do not allow copying its text");
    reason(res->err, why, sizeof why);
    return nl_error_set(err, NL_ERR_PARSE, path, "is a damaged PDF or not a PDF (pdftotext exit status %d%s%s)",
                        res->code, why[0] ? ": " : "", why);
}

static nl_status pdf_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                          const nl_load_opts *opts, nl_error *err)
{
    size_t pages = opts && opts->pdf_pages ? opts->pdf_pages : NL_PDF_PAGES;
    nl_run_limits lim = {opts && opts->pdf_output ? opts->pdf_output : NL_PDF_OUTPUT,
                         opts && opts->pdf_seconds ? opts->pdf_seconds : NL_PDF_SECONDS, NL_PDF_MEMORY};
    char last[32];
    nl_run_result res;

    *out = NULL;
    /* one page more than the limit, so that a longer PDF shows as such */
    snprintf(last, sizeof last, "%zu", pages < (size_t)1 << 30 ? pages + 1 : pages);
    char *const argv[] = {PDFTOTEXT, "-bbox", "-nodiag", "-enc", "UTF-8", "-l", last, "-", "-", NULL};
    nl_status st = nl_run(&res, argv, data, len, &lim, path, err);
    if (st != NL_OK)
        return st;
    if (res.outcome != NL_RUN_EXITED || res.code != 0 || !res.out)
        st = refused(&res, data, len, path, &lim, err);
    else
        st = nl_pdf_build(out, path, res.out, res.out_len, opts, err);
    free(res.out);
    return st;
}

static const char *const pdf_extensions[] = {"pdf", NULL};

const nl_loader nl_loader_pdf = {"pdf", pdf_extensions, pdf_sniff, pdf_load};
