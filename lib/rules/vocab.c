/*
 * vocab.c — named vocabularies of a rule pack.
 *
 * A legality defect is a concept that drafters put in many words: "the local
 * place" is 本地, 本市, 辖区内 or the issuer's own 余杭区; "a binding modal" is
 * 应当, 须, 一律, 方可 … A vocabulary names such a set once (a PCRE2 pattern
 * or a list of literal terms) and every rule refers to it as {{name}}, so a
 * new wording is added in one place and serves every rule that uses the
 * concept. References are expanded into the rule's pattern text before it is
 * compiled: the compiled pattern, the prefilter and the pattern export see
 * plain PCRE2.
 *
 * Two properties of a vocabulary carry meaning for the engine:
 *  - `capture: local` — each use is wrapped in a named group (nllocN) whose
 *    text must name a place local to the issuer (kind_pattern asks the
 *    document model, nl_doc_place_is_local);
 *  - `veto-scope: before | sentence | period` — the vocabulary can be named in a
 *    rule's `veto`: a match of the rule inside the scope of one of its
 *    matches is not a finding (see nl_veto_applies).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/strbuf.h"
#include "rules/kind.h"

const nl_vocab *nl_vocab_find(const nl_ruleset *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->nvocab; i++)
        if (strlen(rs->vocab[i].name) == n && memcmp(rs->vocab[i].name, name, n) == 0)
            return &rs->vocab[i];
    return NULL;
}

void nl_vocab_clear(nl_vocab *v)
{
    free(v->name);
    free(v->title);
    free(v->src);
    free(v->file);
    free(v->until_src);
    nl_pat_free(v->pat);
    nl_pat_free(v->until);
    for (int b = 0; b < 2; b++) {
        for (size_t i = 0; i < v->nex[b]; i++)
            free(v->ex[b][i]);
        free(v->ex[b]);
    }
    memset(v, 0, sizeof *v);
}

static int name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

/* Expand src into b; *groups counts the capture groups made so far. */
static int expand(const nl_ruleset *rs, const char *src, nl_buf *b, unsigned *groups, int depth, char *msg,
                  size_t msgsize)
{
    if (depth > 16) {
        snprintf(msg, msgsize, "vocabularies nest deeper than 16 levels");
        return -1;
    }
    for (const char *p = src; *p;) {
        size_t plain = strcspn(p, "\\{"); /* copied in one piece: patterns run to kilobytes */
        if (plain) {
            nl_buf_put(b, p, plain);
            p += plain;
            continue;
        }
        if (p[0] == '\\' && p[1]) { /* an escaped character is never a reference */
            nl_buf_put(b, p, 2);
            p += 2;
            continue;
        }
        if (p[0] == '{' && p[1] == '{') {
            const char *s = p + 2, *e = s;
            while (name_char(*e))
                e++;
            if (e > s && e[0] == '}' && e[1] == '}') {
                const nl_vocab *v = nl_vocab_find(rs, s, (size_t)(e - s));
                if (!v) {
                    snprintf(msg, msgsize, "unknown vocabulary '{{%.*s}}' (a vocabulary must be defined before it is used)",
                             (int)(e - s), s);
                    return -1;
                }
                char open[32];
                if (v->capture)
                    snprintf(open, sizeof open, "(?<nlloc%u>(?:", ++*groups);
                else
                    snprintf(open, sizeof open, "(?:");
                nl_buf_put(b, open, strlen(open));
                int rc = expand(rs, v->src, b, groups, depth + 1, msg, msgsize);
                if (rc != 0)
                    return rc;
                nl_buf_put(b, v->capture ? "))" : ")", v->capture ? 2 : 1);
                p = e + 2;
                continue;
            }
        }
        nl_buf_put(b, p, 1);
        p++;
    }
    return 0;
}

int nl_vocab_expand(const nl_ruleset *rs, const char *src, char **out, char *msg, size_t msgsize)
{
    *out = NULL;
    if (!strstr(src, "{{")) {
        *out = strdup(src);
        return *out ? 0 : -2;
    }
    nl_buf b = {0};
    unsigned groups = 0;
    int rc = expand(rs, src, &b, &groups, 0, msg, msgsize);
    if (rc == 0 && b.oom)
        rc = -2;
    if (rc == 0) {
        *out = b.p; /* non-NULL: src holds at least "{{" */
        return 0;
    }
    nl_buf_free(&b);
    return rc;
}

/* ---- public accessors ---- */

size_t nl_ruleset_vocab_count(const nl_ruleset *rs) { return rs->nvocab; }
const char *nl_ruleset_vocab_name(const nl_ruleset *rs, size_t i) { return i < rs->nvocab ? rs->vocab[i].name : NULL; }
const char *nl_ruleset_vocab_title(const nl_ruleset *rs, size_t i)
{
    return i < rs->nvocab ? rs->vocab[i].title : NULL;
}
const char *nl_ruleset_vocab_source(const nl_ruleset *rs, size_t i) { return i < rs->nvocab ? rs->vocab[i].src : NULL; }
