/*
 * fix.c — applying the mechanical fixes of findings: to the text a document
 * was made from (nl_fix_apply, used by the rule examples and by check --fix)
 * and to a plain-text file on disk (nl_text_fix_*).
 *
 * A finding's span is an offset into the model text, which is not the file:
 * the model joins lines with "\n" whatever the file used and keeps each
 * normlint-disable line as an empty line, and the file may be GB18030 or
 * UTF-16 with a byte-order mark. What the two share is the lines: model line
 * i is source line i, with the same UTF-8 bytes unless the model emptied it.
 * So a fix is carried over as (line, byte offset within the line), never as
 * a document offset, and lines the model emptied are never touched. A fix
 * neither crosses nor makes a line end, so lines are never added or removed.
 *
 * Writing a file back goes the loader's way in reverse: re-read the bytes,
 * decode them as the loader did, check that they still hold the document,
 * apply the fixes, encode in the same encoding with the same byte-order mark,
 * and decode the result again to prove it reads as intended before anything
 * is written. A file whose bytes our encoder does not reproduce exactly (an
 * odd GB18030 mapping) is refused rather than silently changed elsewhere.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "load/charset.h"
#include "load/text.h"
#include "normlint/load.h"
#include "rules/rule_int.h"

/* ---- lines ---- */

typedef struct span_list {
    nl_span *v;
    size_t n, cap;
} span_list;

/* Split s[0..len) into lines exactly as the document model does (nl_doc_append_text):
 * a line ends at "\r\n", "\r" or "\n"; text after the last line end is a
 * last line; an empty text is one empty line. Spans exclude the line ends. */
static int split_lines(const char *s, size_t len, span_list *out)
{
    size_t start = 0;
    out->n = 0;
    for (size_t i = 0; i <= len; i++) {
        int at_end = i == len;
        if (!at_end && s[i] != '\n' && s[i] != '\r')
            continue;
        if (at_end && start == len && out->n > 0)
            break;
        if (nl_grow((void **)&out->v, &out->cap, out->n, sizeof *out->v, 64) != 0)
            return -1;
        out->v[out->n++] = (nl_span){start, i};
        if (!at_end && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
            i++;
        start = i + 1;
    }
    return 0;
}

/* ---- applying fixes to source text ---- */

typedef struct cand {
    size_t index; /* into the result's reported findings */
    size_t start, end;
} cand;

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

nl_status nl_fix_apply(char **out, size_t *outlen, size_t *napplied, const nl_doc *doc, const nl_result *res,
                       const char *src, size_t srclen, unsigned char *applied, nl_error *err)
{
    const char *path = nl_doc_path(doc), *text = nl_doc_text(doc);
    size_t n = nl_result_count(res), nc = 0, done = 0;
    nl_status st = NL_OK;
    cand *c = NULL;
    span_list lines = {NULL, 0, 0};
    nl_buf b = {NULL, 0, 0, 0};

    *out = NULL;
    *outlen = 0;
    *napplied = 0;
    if (applied && n)
        memset(applied, 0, n);
    if (split_lines(src, srclen, &lines) != 0 || !(c = malloc((n ? n : 1) * sizeof *c))) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    /* the source must hold the model's lines (emptied ones aside) */
    if (lines.n != nl_doc_line_count(doc)) {
        st = nl_error_set(err, NL_ERR_INVALID, path, "does not hold the checked text: it has %zu lines, not %zu",
                          lines.n, nl_doc_line_count(doc));
        goto done;
    }
    for (size_t i = 0; i < lines.n; i++) {
        const nl_line *ml = nl_doc_line(doc, i);
        size_t mlen = ml->end - ml->start;
        if (mlen && (nl_span_len(lines.v[i]) != mlen || memcmp(src + lines.v[i].start, text + ml->start, mlen) != 0)) {
            st = nl_error_set(err, NL_ERR_INVALID, path, "does not hold the checked text: line %zu differs", i + 1);
            goto done;
        }
    }
    for (size_t i = 0; i < n; i++) {
        const nl_finding *f = nl_result_finding(res, i);
        if (!f->fix || nl_span_empty(f->span) || strpbrk(f->fix, "\r\n"))
            continue;
        size_t li = nl_doc_line_of(doc, f->span.start);
        const nl_line *ml = nl_doc_line(doc, li);
        if (!ml || f->span.end > ml->end || ml->end == ml->start)
            continue; /* crosses a line end */
        c[nc].index = i;
        c[nc].start = lines.v[li].start + (f->span.start - ml->start);
        c[nc].end = lines.v[li].start + (f->span.end - ml->start);
        nc++;
    }
    if (nc > 1)
        qsort(c, nc, sizeof *c, cmp_cand);
    size_t at = 0;
    for (size_t k = 0; k < nc; k++) {
        if (c[k].start < at)
            continue; /* overlaps a fix already taken */
        nl_buf_put(&b, src + at, c[k].start - at);
        nl_buf_puts(&b, nl_result_finding(res, c[k].index)->fix);
        at = c[k].end;
        if (applied)
            applied[c[k].index] = 1;
        done++;
    }
    nl_buf_put(&b, src + at, srclen - at);
    if (b.oom || !b.p) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    *out = b.p;
    *outlen = b.n;
    *napplied = done;
    b.p = NULL;
done:
    if (st != NL_OK && applied && n)
        memset(applied, 0, n);
    nl_buf_free(&b);
    free(lines.v);
    free(c);
    return st;
}

/* ---- rewriting a text file ---- */

struct nl_text_fix {
    char *path;           /* where to write: the file itself, through symlinks */
    struct stat sb;       /* the file as read, to notice a change before writing */
    char *bytes;          /* the new content, encoded */
    size_t nbytes;
    char *old_text, *new_text; /* decoded, for the changed lines */
    size_t old_len, new_len;
    span_list old_lines, new_lines;
    nl_fix_line *changed;
    size_t nchanged;
    unsigned char *applied;
    size_t napplied;
};

void nl_text_fix_free(nl_text_fix *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->bytes);
    free(t->old_text);
    free(t->new_text);
    free(t->old_lines.v);
    free(t->new_lines.v);
    free(t->changed);
    free(t->applied);
    free(t);
}

size_t nl_text_fix_count(const nl_text_fix *t) { return t ? t->napplied : 0; }
int nl_text_fix_applied(const nl_text_fix *t, size_t i) { return t && t->applied[i]; }
size_t nl_text_fix_line_count(const nl_text_fix *t) { return t ? t->nchanged : 0; }
const nl_fix_line *nl_text_fix_line(const nl_text_fix *t, size_t i)
{
    return t && i < t->nchanged ? &t->changed[i] : NULL;
}

/* The byte-order mark the decoder dropped from `data`, if any. */
static size_t bom_length(const unsigned char *data, size_t len, const char *enc)
{
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF && strncmp(enc, "UTF-8", 5) == 0)
        return 3;
    if (len >= 2 && data[0] == 0xFF && data[1] == 0xFE && strcmp(enc, "UTF-16LE") == 0)
        return 2;
    if (len >= 2 && data[0] == 0xFE && data[1] == 0xFF && strcmp(enc, "UTF-16BE") == 0)
        return 2;
    return 0;
}

/* UTF-8 text → the file's bytes: the byte-order mark, then the text in the
 * file's encoding (UTF-8 is copied; anything else goes through iconv under
 * the name the loader decoded it with). */
static nl_status encode(const unsigned char *bom, size_t nbom, const char *iconv_name, const char *text, size_t len,
                        char **out, size_t *outlen)
{
    char *conv = NULL; /* the text in the file's encoding, when it is not UTF-8 */
    const char *body = text;
    size_t nbody = len, bad = 0;
    if (iconv_name) {
        nl_status st = nl_charset_from_utf8(iconv_name, text, len, &conv, &nbody, &bad);
        if (st != NL_OK)
            return st;
        body = conv;
    }
    char *p = malloc(nbom + nbody + 1);
    if (p) {
        memcpy(p, bom, nbom);
        memcpy(p + nbom, body, nbody);
        p[nbom + nbody] = '\0';
        *out = p;
        *outlen = nbom + nbody;
    }
    free(conv);
    return p ? NL_OK : NL_ERR_NOMEM;
}

/* The lines that differ between the old and the new text (same count). */
static nl_status changed_lines(nl_text_fix *t)
{
    if (split_lines(t->old_text, t->old_len, &t->old_lines) != 0 ||
        split_lines(t->new_text, t->new_len, &t->new_lines) != 0)
        return NL_ERR_NOMEM;
    if (t->old_lines.n != t->new_lines.n)
        return NL_ERR_INVALID;
    size_t cap = 0;
    for (size_t i = 0; i < t->old_lines.n; i++) {
        nl_span a = t->old_lines.v[i], b = t->new_lines.v[i];
        if (nl_span_len(a) == nl_span_len(b) && memcmp(t->old_text + a.start, t->new_text + b.start, nl_span_len(a)) == 0)
            continue;
        if (nl_grow((void **)&t->changed, &cap, t->nchanged, sizeof *t->changed, 8) != 0)
            return NL_ERR_NOMEM;
        t->changed[t->nchanged++] = (nl_fix_line){i + 1, t->old_text + a.start, nl_span_len(a),
                                                  t->new_text + b.start, nl_span_len(b)};
    }
    return NL_OK;
}

nl_status nl_text_fix_prepare(nl_text_fix **out, const nl_doc *doc, const nl_result *res, const char *encoding,
                              size_t max_size, nl_error *err)
{
    const char *path = nl_doc_path(doc);
    char *data = NULL, *utf8 = NULL, *check = NULL, *resolved = NULL;
    size_t len = 0, ulen = 0, clen = 0, rlen = 0;
    const char *enc = NULL, *cenc = NULL;
    nl_text_fix *t = NULL;
    nl_status st;

    *out = NULL;
    if (strcmp(nl_doc_format(doc), "text") != 0)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "is not a plain-text file: --fix rewrites text files only");
    t = calloc(1, sizeof *t);
    if (t && nl_result_count(res))
        t->applied = calloc(nl_result_count(res), 1);
    if (!t || (nl_result_count(res) && !t->applied)) {
        st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
        goto done;
    }
    /* write through a symlink to its file, as an editor does */
    resolved = realpath(path, NULL);
    if (!resolved || stat(resolved, &t->sb) != 0) {
        st = nl_error_set(err, NL_ERR_IO, path, "cannot be rewritten: it is gone");
        goto done;
    }
    if (!S_ISREG(t->sb.st_mode)) {
        st = nl_error_set(err, NL_ERR_IO, path, "cannot be rewritten: not a regular file");
        goto done;
    }
    t->path = resolved;
    resolved = NULL;
    if ((st = nl_read_file(t->path, NULL, max_size ? max_size : NL_DEFAULT_MAX_SIZE, &data, &len, err)) != NL_OK)
        goto done;
    if ((st = nl_text_decode((const unsigned char *)data, len, encoding, path, &utf8, &ulen, &enc, err)) != NL_OK)
        goto done;
    if (strcmp(enc, nl_doc_encoding(doc)) != 0) {
        st = nl_error_set(err, NL_ERR_INVALID, path, "changed since it was checked (it now reads as %s, not %s)", enc,
                          nl_doc_encoding(doc));
        goto done;
    }
    const char *iconv_name = strncmp(enc, "UTF-8", 5) == 0 ? NULL : encoding ? encoding : enc;
    size_t nbom = bom_length((const unsigned char *)data, len, enc);
    /* our encoder must give back the very bytes read, or it would change more than the fixes */
    st = encode((const unsigned char *)data, nbom, iconv_name, utf8, ulen, &check, &clen);
    if (st == NL_ERR_NOMEM)
        goto nomem;
    if (st != NL_OK || clen != len || memcmp(check, data, len) != 0) {
        st = nl_error_set(err, NL_ERR_ENCODING, path,
                          "cannot be rewritten: encoding its text as %s again does not give back its bytes", enc);
        goto done;
    }
    free(check);
    check = NULL;
    nl_error why;
    if ((st = nl_fix_apply(&t->new_text, &clen, &t->napplied, doc, res, utf8, ulen, t->applied, &why)) != NL_OK) {
        if (st == NL_ERR_INVALID)
            nl_error_set(err, st, path, "changed since it was checked (%s); not rewritten", why.message);
        else
            nl_error_set(err, st, path, "%s", why.message);
        goto done;
    }
    if (t->napplied == 0)
        goto done; /* nothing to do: *out stays NULL */
    st = encode((const unsigned char *)data, nbom, iconv_name, t->new_text, clen, &t->bytes, &t->nbytes);
    if (st == NL_ERR_NOMEM)
        goto nomem;
    if (st != NL_OK) {
        st = nl_error_set(err, NL_ERR_ENCODING, path, "cannot be rewritten: a fix has a character that %s cannot hold",
                          enc);
        goto done;
    }
    /* read the new bytes back as the loader will */
    st = nl_text_decode((const unsigned char *)t->bytes, t->nbytes, encoding, path, &check, &rlen, &cenc, NULL);
    if (st == NL_ERR_NOMEM)
        goto nomem;
    if (st != NL_OK || strcmp(cenc, enc) != 0 || rlen != clen || memcmp(check, t->new_text, clen) != 0) {
        st = nl_error_set(err, NL_ERR_ENCODING, path,
                          "cannot be rewritten: the fixed text would not read back the same as %s", enc);
        goto done;
    }
    t->old_text = utf8;
    t->old_len = ulen;
    t->new_len = clen;
    utf8 = NULL;
    st = changed_lines(t);
    if (st == NL_ERR_NOMEM)
        goto nomem;
    if (st != NL_OK) {
        st = nl_error_set(err, NL_ERR_INVALID, path, "cannot be rewritten: a fix would add or remove a line");
        goto done;
    }
    *out = t;
    t = NULL;
    goto done;
nomem:
    st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
done:
    nl_text_fix_free(t);
    free(resolved);
    free(data);
    free(utf8);
    free(check);
    return st;
}

nl_status nl_text_fix_commit(nl_text_fix *t, nl_error *err)
{
    struct stat now;
    if (stat(t->path, &now) != 0 || now.st_ino != t->sb.st_ino || now.st_dev != t->sb.st_dev ||
        now.st_size != t->sb.st_size || now.st_mtim.tv_sec != t->sb.st_mtim.tv_sec ||
        now.st_mtim.tv_nsec != t->sb.st_mtim.tv_nsec)
        return nl_error_set(err, NL_ERR_IO, t->path, "changed while it was being fixed; not rewritten");
    nl_atomic *a = NULL;
    nl_status st = nl_atomic_open(&a, t->path, err);
    if (st != NL_OK)
        return st;
    if (fwrite(t->bytes, 1, t->nbytes, nl_atomic_stream(a)) != t->nbytes) {
        int e = errno ? errno : EIO;
        nl_atomic_abort(a);
        return nl_error_set(err, NL_ERR_IO, t->path, "cannot write the fixed text: %s (the file was left as it was)",
                            strerror(e));
    }
    return nl_atomic_commit(a, err);
}
