/*
 * legacy.c — the loader of legacy Word documents: Word 97–2003 .doc and
 * Kingsoft WPS .wps, OLE2 compound files holding a WordDocument stream
 * (ole2.h; encrypted ones, workbooks and damaged files are the unsupported
 * loader's to refuse). normlint does not parse the binary format itself; it
 * uses a converter found at run time (run.h), in this order:
 *
 * - LibreOffice (soffice) turns the file into DOCX, which the DOCX loader
 *   reads: automatic numbering, tracked changes, tables and notes come out
 *   as they do for a DOCX. It runs with a profile of its own in a private
 *   temporary folder (never the user's, and two conversions at once do not
 *   meet), which is removed with the converted file afterwards;
 * - catdoc gives the text (automatic numbering and tables are lost); it
 *   reads the file on its standard input, so nothing is written.
 *
 * With neither installed the file is refused with what to install. The
 * document's format is "doc" whichever way it was read; its locators are
 * those of the converted text (paragraph ordinals, or lines for catdoc).
 */
#define _GNU_SOURCE /* mkdtemp */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc/build.h"
#include "load/loader.h"
#include "load/ole2.h"
#include "load/run.h"

#define CONVERT_SECONDS 120
#define CONVERT_MEMORY ((size_t)4 << 30) /* LibreOffice maps much more than it uses */

static int remove_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(p);
    return 0;
}

/* How a converter failed, as the error of the file */
static nl_status failed(const char *path, const char *what, const nl_run_result *r, nl_error *err)
{
    if (r->outcome == NL_RUN_TIMEOUT)
        return nl_error_set(err, NL_ERR_PARSE, path, "%s did not finish converting it within %d s", what,
                            CONVERT_SECONDS);
    const char *msg = r->err[0] ? r->err : "no message";
    size_t n = strcspn(msg, "\n");
    return nl_error_set(err, NL_ERR_PARSE, path, "%s could not convert it (%s %d: %.*s)", what,
                        r->outcome == NL_RUN_SIGNALLED ? "signal" : "exit status", r->code, (int)(n > 200 ? 200 : n),
                        msg);
}

/* Through LibreOffice: *found is 0 when soffice is not installed. */
static nl_status via_libreoffice(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                                 const nl_load_opts *opts, int *found, nl_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512], in[600], docx[600], profile[600];
    snprintf(dir, sizeof dir, "%s/normlint-doc-XXXXXX", tmp && *tmp && strlen(tmp) < 400 ? tmp : "/tmp");
    if (!mkdtemp(dir))
        return nl_error_set(err, NL_ERR_IO, path, "cannot make a temporary folder to convert it in");
    snprintf(in, sizeof in, "%s/in.doc", dir);
    snprintf(docx, sizeof docx, "%s/in.docx", dir);
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    nl_status st = NL_OK;
    FILE *f = fopen(in, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        if (f)
            fclose(f);
        st = nl_error_set(err, NL_ERR_IO, path, "cannot write a temporary copy to convert it");
        goto done;
    }
    char *argv[] = {"soffice", profile, "--headless", "--norestore", "--nolockcheck", "--convert-to", "docx",
                    "--outdir", dir, in, NULL};
    nl_run_limits lim = {(size_t)1 << 20, CONVERT_SECONDS, CONVERT_MEMORY};
    nl_run_result r;
    if ((st = nl_run(&r, argv, NULL, 0, &lim, path, err)) != NL_OK)
        goto done;
    free(r.out);
    *found = r.outcome != NL_RUN_NOT_FOUND;
    if (!*found)
        goto done;
    char *conv = NULL;
    size_t clen = 0;
    size_t max = opts && opts->max_size ? opts->max_size : NL_DEFAULT_MAX_SIZE;
    if (r.outcome != NL_RUN_EXITED || r.code != 0 || access(docx, R_OK) != 0)
        st = failed(path, "LibreOffice", &r, err);
    else if ((st = nl_read_file(docx, "the converted document", max, &conv, &clen, err)) == NL_OK)
        st = nl_loader_docx.load(out, path, (const unsigned char *)conv, clen, opts, err);
    free(conv);
done:
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return st;
}

/* Through catdoc: *found is 0 when it is not installed. */
static nl_status via_catdoc(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                            const nl_load_opts *opts, int *found, nl_error *err)
{
    char *argv[] = {"catdoc", "-d", "utf-8", "-w", NULL};
    size_t max = opts && opts->max_size ? opts->max_size : NL_DEFAULT_MAX_SIZE;
    nl_run_limits lim = {max, CONVERT_SECONDS, (size_t)1 << 30};
    nl_run_result r;
    nl_status st = nl_run(&r, argv, data, len, &lim, path, err);
    if (st != NL_OK)
        return st;
    *found = r.outcome != NL_RUN_NOT_FOUND;
    if (*found && (r.outcome != NL_RUN_EXITED || r.code != 0))
        st = failed(path, "catdoc", &r, err);
    else if (*found)
        st = nl_loader_text.load(out, path, (const unsigned char *)r.out, r.out_len, opts, err);
    free(r.out);
    return st;
}

/* 1 when the document holds no character but white space */
static int blank(const nl_doc *doc)
{
    for (const char *t = nl_doc_text(doc); *t; t++)
        if (!strchr(" \t\n\r", *t))
            return 0;
    return 1;
}

static int legacy_sniff(const unsigned char *data, size_t len, const char *path)
{
    (void)path;
    return nl_ole2_magic(data, len) && nl_ole2_classify(data, len) == NL_OLE2_WORD;
}

static nl_status legacy_load(nl_doc **out, const char *path, const unsigned char *data, size_t len,
                             const nl_load_opts *opts, nl_error *err)
{
    *out = NULL;
    int found = 0, which = opts ? opts->doc_converter : NL_DOC_CONVERTER_AUTO;
    nl_status st = NL_OK;
    const char *used = "LibreOffice";
    if (which != NL_DOC_CONVERTER_CATDOC)
        st = via_libreoffice(out, path, data, len, opts, &found, err);
    if (!found && st == NL_OK && which != NL_DOC_CONVERTER_LIBREOFFICE) {
        used = "catdoc";
        st = via_catdoc(out, path, data, len, opts, &found, err);
    }
    if (!found && st == NL_OK)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "a legacy Word .doc or WPS document: reading it needs %s",
                            which == NL_DOC_CONVERTER_LIBREOFFICE ? "LibreOffice (Debian: apt-get install "
                                                                    "libreoffice-writer-nogui), which is not installed"
                            : which == NL_DOC_CONVERTER_CATDOC ? "catdoc (Debian: apt-get install catdoc), which is "
                                                                 "not installed"
                                                               : "LibreOffice (Debian: apt-get install "
                                                                 "libreoffice-writer-nogui) or catdoc (apt-get install "
                                                                 "catdoc), and neither is installed");
    /* a converter makes an empty document of what it cannot read */
    if (st == NL_OK && blank(*out))
        st = nl_error_set(err, NL_ERR_PARSE, path, "%s read no text from it: the document is empty or damaged", used);
    else if (st == NL_OK && nl_doc_set_format(*out, "doc") != NL_OK)
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    if (st != NL_OK) {
        nl_doc_free(*out);
        *out = NULL;
    }
    return st;
}

static const char *const legacy_extensions[] = {"doc", "wps", "dot", NULL};

const nl_loader nl_loader_legacy = {"doc", legacy_extensions, legacy_sniff, legacy_load};
