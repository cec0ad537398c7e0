/*
 * directive.c — suppression directives (normlint-disable comments): parsing
 * the comment text, recording it while a loader builds the document, and
 * resolving line-anchored directives into text spans once every line is in.
 *
 * Grammar (after the format's comment opener):
 *   normlint-disable RULES [REASON]            from the next line on
 *   normlint-disable-next-line RULES [REASON]  the next non-blank line
 *   normlint-enable RULES                      ends earlier disables naming a same rule
 * RULES is a comma-separated list (spaces after commas allowed, full-width
 * commas too) of rule ids, families (power.*) or *. A trailing "-->" or "* /"
 * closer is dropped from the reason.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "doc/build.h"
#include "doc/doc_int.h"

enum { D_DISABLE, D_NEXT_LINE, D_ENABLE };

static int rule_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == '_' || c == '*';
}

static int space_at(const char *s, size_t n, size_t i, size_t *w)
{
    if (i < n && (s[i] == ' ' || s[i] == '\t')) {
        *w = 1;
        return 1;
    }
    if (i + 3 <= n && memcmp(s + i, "\xE3\x80\x80", 3) == 0) { /* U+3000 ideographic space */
        *w = 3;
        return 1;
    }
    return 0;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
    size_t w;
    while (space_at(s, n, i, &w))
        i += w;
    return i;
}

static char *arena_strn(nl_doc *doc, const char *s, size_t n)
{
    char *p = nl_arena_alloc(&doc->arena, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

/* Parse a comment's text. Returns 1 and fills the slot (strings in the
 * document's arena) when it is a directive; 0 when not; -1 on OOM. */
static int parse(nl_doc *doc, const char *s, size_t n, nl_directive_slot *out)
{
    static const struct {
        const char *word;
        int form;
    } words[] = {{"normlint-disable-next-line", D_NEXT_LINE}, {"normlint-disable", D_DISABLE},
                 {"normlint-enable", D_ENABLE}};
    size_t i = skip_space(s, n, 0), w;
    int form = -1;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t wl = strlen(words[k].word);
        if (n - i >= wl && memcmp(s + i, words[k].word, wl) == 0 && (i + wl == n || space_at(s, n, i + wl, &w))) {
            form = words[k].form;
            i += wl;
            break;
        }
    }
    if (form < 0)
        return 0;
    /* the rule list */
    char rules[512];
    size_t rn = 0;
    i = skip_space(s, n, i);
    for (;;) {
        size_t a = i;
        while (i < n && rule_char((unsigned char)s[i]))
            i++;
        if (i == a)
            break;
        if (rn && rn < sizeof rules - 1)
            rules[rn++] = ',';
        for (size_t k = a; k < i && rn < sizeof rules - 1; k++)
            rules[rn++] = s[k];
        size_t j = skip_space(s, n, i);
        if (j < n && s[j] == ',')
            j++;
        else if (j + 3 <= n && memcmp(s + j, "\xEF\xBC\x8C", 3) == 0) /* ， */
            j += 3;
        else
            break;
        i = skip_space(s, n, j);
    }
    /* the reason: the rest, without a comment closer */
    size_t a = skip_space(s, n, i), b = n;
    for (;;) {
        while (b > a && space_at(s, n, b - 1, &w))
            b--;
        while (b >= a + 3 && memcmp(s + b - 3, "\xE3\x80\x80", 3) == 0)
            b -= 3;
        if (b >= a + 3 && memcmp(s + b - 3, "-->", 3) == 0)
            b -= 3;
        else if (b >= a + 2 && memcmp(s + b - 2, "*/", 2) == 0)
            b -= 2;
        else
            break;
    }
    memset(out, 0, sizeof *out);
    out->d.rules = arena_strn(doc, rules, rn);
    out->d.reason = arena_strn(doc, s + a, b - a);
    out->d.form = form == D_NEXT_LINE ? "disable-next-line" : form == D_ENABLE ? "enable" : "disable";
    out->enable = form == D_ENABLE;
    if (!out->d.rules || !out->d.reason)
        return -1;
    return 1;
}

static nl_status add(nl_doc *doc, const nl_directive_slot *slot)
{
    if (nl_grow((void **)&doc->directives, &doc->directives_cap, doc->ndirectives, sizeof *doc->directives, 8) != 0)
        return NL_ERR_NOMEM;
    doc->directives[doc->ndirectives++] = *slot;
    return NL_OK;
}

nl_status nl_doc_add_comment(nl_doc *doc, const char *comment, size_t len, size_t line, int *taken)
{
    nl_directive_slot slot;
    int r = parse(doc, comment, len, &slot);
    *taken = r > 0;
    if (r <= 0)
        return r < 0 ? NL_ERR_NOMEM : NL_OK;
    slot.first_line = doc->nlines;
    slot.d.line = line;
    return add(doc, &slot);
}

nl_status nl_doc_add_range_comment(nl_doc *doc, const char *comment, size_t len, size_t start, size_t end,
                                   size_t line, int *taken)
{
    nl_directive_slot slot;
    int r = parse(doc, comment, len, &slot);
    *taken = r > 0 && !slot.enable;
    if (r <= 0 || slot.enable)
        return r < 0 ? NL_ERR_NOMEM : NL_OK;
    slot.first_line = SIZE_MAX;
    slot.d.form = "comment";
    slot.d.line = line;
    slot.d.span.start = start < end ? start : end;
    slot.d.span.end = start < end ? end : start;
    return add(doc, &slot);
}

int nl_doc_text_directive(nl_doc *doc, const char *line, size_t len, size_t ordinal, nl_status *st)
{
    size_t i = skip_space(line, len, 0);
    if (i < len && line[i] == '#')
        i++;
    else if (i + 1 < len && line[i] == '/' && line[i + 1] == '/')
        i += 2;
    else
        return 0;
    /* the line that follows is appended after this call returns: it is the
       directive's own (emptied) line + 1 */
    int taken = 0;
    *st = nl_doc_add_comment(doc, line + i, len - i, ordinal, &taken);
    if (taken)
        doc->directives[doc->ndirectives - 1].first_line = doc->nlines + 1;
    return taken;
}

static int blank_line(const nl_doc *doc, size_t i)
{
    const nl_line *l = &doc->lines[i];
    return skip_space(doc->text + l->start, l->end - l->start, 0) == l->end - l->start;
}

/* 1 if the comma-separated lists share an entry */
static int share_rule(const char *a, const char *b)
{
    for (const char *p = a; *p;) {
        size_t n = strcspn(p, ",");
        for (const char *q = b; *q;) {
            size_t m = strcspn(q, ",");
            if (m == n && memcmp(p, q, n) == 0)
                return 1;
            q += m + (q[m] == ',');
        }
        p += n + (p[n] == ',');
    }
    return 0;
}

void nl_doc_resolve_directives(nl_doc *doc)
{
    for (size_t k = 0; k < doc->ndirectives; k++) {
        nl_directive_slot *s = &doc->directives[k];
        if (s->first_line == SIZE_MAX)
            continue;
        size_t from = s->first_line < doc->nlines ? doc->lines[s->first_line].start : doc->len;
        if (s->enable) {
            s->d.span.start = s->d.span.end = from;
        } else if (strcmp(s->d.form, "disable-next-line") == 0) {
            size_t i = s->first_line;
            while (i < doc->nlines && blank_line(doc, i))
                i++;
            s->d.span.start = i < doc->nlines ? doc->lines[i].start : doc->len;
            s->d.span.end = i < doc->nlines ? doc->lines[i].end : doc->len;
        } else {
            s->d.span.start = from;
            s->d.span.end = doc->len;
            for (size_t j = k + 1; j < doc->ndirectives; j++) {
                const nl_directive_slot *e = &doc->directives[j];
                if (e->enable && e->first_line != SIZE_MAX && e->first_line >= s->first_line &&
                    share_rule(s->d.rules, e->d.rules)) {
                    s->d.span.end = e->first_line < doc->nlines ? doc->lines[e->first_line].start : doc->len;
                    break;
                }
            }
        }
    }
    /* enables cover nothing: drop them from the list the checker sees */
    size_t w = 0;
    for (size_t k = 0; k < doc->ndirectives; k++)
        if (!doc->directives[k].enable)
            doc->directives[w++] = doc->directives[k];
    doc->ndirectives = w;
}

size_t nl_doc_directive_count(const nl_doc *doc) { return doc ? doc->ndirectives : 0; }

const nl_directive *nl_doc_directive(const nl_doc *doc, size_t i)
{
    return i < doc->ndirectives ? &doc->directives[i].d : NULL;
}

int nl_directive_names(const nl_directive *d, const char *id)
{
    size_t idn = strlen(id);
    for (const char *p = d->rules; *p;) {
        size_t n = strcspn(p, ",");
        if (n == 1 && p[0] == '*')
            return 1;
        if (n == idn && memcmp(p, id, n) == 0)
            return 1;
        /* a family: "power.*" names power.fee and power.penalty.create */
        if (n >= 2 && p[n - 1] == '*' && p[n - 2] == '.' && idn > n - 1 && memcmp(p, id, n - 1) == 0)
            return 1;
        p += n + (p[n] == ',');
    }
    return 0;
}

int nl_directive_covers(const nl_directive *d, nl_span s)
{
    if (s.end > s.start)
        return s.start < d->span.end && d->span.start < s.end;
    return d->span.start <= s.start && s.start <= d->span.end;
}
