/*
 * ruleset.c — loading rule packs: YAML files → validated, compiled rules.
 *
 * Validation collects every problem (file, line, column, reason) instead of
 * stopping at the first, so an author sees them all in one run. A rule with a
 * problem is dropped; the others are kept, but the load still reports
 * NL_ERR_RULE so that `check` refuses to run with a broken pack.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "normlint/walk.h"
#include "core/cache.h"
#include "core/grow.h"
#include "core/strbuf.h"
#include "rules/kind.h"
#include "rules/prefilter.h"
#include "rules/yaml.h"

/* ---- severities ---- */

const char *nl_severity_name(nl_severity s)
{
    switch (s) {
    case NL_SEV_INFO: return "info";
    case NL_SEV_WARNING: return "warning";
    case NL_SEV_ERROR: return "error";
    }
    return "?";
}

const char *nl_severity_zh(nl_severity s)
{
    switch (s) {
    case NL_SEV_INFO: return "提示";
    case NL_SEV_WARNING: return "警告";
    case NL_SEV_ERROR: return "错误";
    }
    return "?";
}

int nl_severity_parse(const char *s, nl_severity *out)
{
    if (strcmp(s, "error") == 0)
        *out = NL_SEV_ERROR;
    else if (strcmp(s, "warning") == 0)
        *out = NL_SEV_WARNING;
    else if (strcmp(s, "info") == 0 || strcmp(s, "style") == 0)
        *out = NL_SEV_INFO;
    else
        return 0;
    return 1;
}

/* ---- ruleset ---- */

nl_status nl_ruleset_new_with(nl_ruleset **out, const nl_ruleset_opts *opts, nl_error *err)
{
    nl_ruleset *rs = calloc(1, sizeof *rs);
    if (rs && opts) {
        rs->check_examples = opts->check_examples;
        rs->no_jit = opts->no_jit;
        rs->cache_dir = opts->cache_dir ? strdup(opts->cache_dir) : NULL;
        rs->examples_key = opts->examples_key ? strdup(opts->examples_key) : NULL;
        if ((opts->cache_dir && !rs->cache_dir) || (opts->examples_key && !rs->examples_key)) {
            nl_ruleset_free(rs);
            rs = NULL;
        }
    }
    *out = rs;
    if (!rs)
        return nl_error_set(err, NL_ERR_NOMEM, "", "out of memory");
    return NL_OK;
}

nl_status nl_ruleset_new(nl_ruleset **out, nl_error *err) { return nl_ruleset_new_with(out, NULL, err); }

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static void rule_free(nl_rule *r)
{
    if (!r)
        return;
    if (r->params && r->kind && r->kind->free_params)
        r->kind->free_params(r->params);
    free(r->dir);
    free(r->id);
    free(r->title);
    free(r->message);
    free(r->advice);
    free(r->file);
    free_strv(r->basis, r->nbasis);
    free_strv(r->basis_tmpl, r->basis_tmpl ? r->nbasis : 0);
    free_strv(r->applies, r->napplies);
    free_strv(r->defer, r->ndefer);
    for (size_t i = 0; i < r->npats; i++)
        nl_pat_free(r->pats[i]);
    free(r->pats);
    free_strv(r->pat_src, r->npats);
    free_strv(r->pat_written, r->npats);
    for (size_t i = 0; i < r->nall; i++)
        nl_pat_free(r->all[i]);
    free(r->all);
    free((void *)r->veto);
    for (size_t i = 0; i < r->nunless; i++)
        nl_pat_free(r->unless[i]);
    free(r->unless);
    for (size_t i = 0; i < r->nunless_doc; i++)
        nl_pat_free(r->unless_doc[i]);
    free(r->unless_doc);
    for (size_t i = 0; i < r->nanchor; i++)
        nl_pat_free(r->anchor[i]);
    free(r->anchor);
    for (int b = 0; b < 2; b++) {
        for (size_t i = 0; i < r->nex[b]; i++)
            free(r->ex[b][i].text);
        free(r->ex[b]);
    }
    for (size_t i = 0; i < r->nfixes; i++) {
        free(r->fixes[i].find_src);
        free(r->fixes[i].replace);
        nl_pat_free(r->fixes[i].find);
    }
    free(r->fixes);
    for (size_t i = 0; i < r->nfixed; i++) {
        free(r->fixed[i].before);
        free(r->fixed[i].after);
    }
    free(r->fixed);
    free(r);
}

/* Add p to the filtered patterns when it has a filter (counting only when
   out is NULL). */
static void add_filtered(nl_pat *p, unsigned type, nl_pat **out, unsigned *types, size_t *n)
{
    if (!p || !nl_pat_filter_source(p))
        return;
    if (out) {
        out[*n] = p;
        types[*n] = type;
    }
    (*n)++;
}

/* every pattern of the rules' lists that has a filter, in a fixed order, and
   the document types its rule applies to (every bit for all types). The
   vocabularies a rule vetoes with count too: each is searched in the
   sentence of every hit, and without the scan's verdict that meant a search
   of the whole document per vocabulary (most of them match nowhere), a
   third of the matching time of a draft. */
static size_t each_filtered(nl_ruleset *rs, nl_pat **out, unsigned *types)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->n; i++) {
        nl_rule *r = rs->rules[i];
        unsigned type = r->types ? r->types : ~0u;
        nl_pat **lists[5] = {r->pats, r->unless, r->unless_doc, r->all, r->anchor};
        size_t counts[5] = {r->npats, r->nunless, r->nunless_doc, r->nall, r->nanchor};
        for (int l = 0; l < 5; l++)
            for (size_t k = 0; k < counts[l]; k++)
                add_filtered(lists[l][k], type, out, types, &n);
        for (size_t k = 0; k < r->nveto; k++) {
            add_filtered(r->veto[k]->pat, type, out, types, &n);
            add_filtered(r->veto[k]->until, type, out, types, &n);
        }
    }
    return n;
}

void nl_ruleset_prepare(nl_ruleset *rs, nl_prefilter_mode mode)
{
    rs->nofilter = mode == NL_PREFILTER_NONE;
    if (rs->pf || mode == NL_PREFILTER_OFF || mode == NL_PREFILTER_NONE)
        return;
    size_t n = each_filtered(rs, NULL, NULL), m = 0, slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    nl_pat **pats = malloc((n ? n : 1) * sizeof *pats);
    const char **src = malloc((n ? n : 1) * sizeof *src);
    unsigned *types = malloc((n ? n : 1) * sizeof *types), *stypes = malloc((n ? n : 1) * sizeof *stypes);
    int *id = malloc((n ? n : 1) * sizeof *id), *slot = malloc(slots * sizeof *slot);
    if (pats && src && types && stypes && id && slot) {
        each_filtered(rs, pats, types);
        /* one filter per distinct source (found through a hash table of
           them): many rules share an `unless` (依照…《…》), and each copy
           would cost the scan of every document. Its types are those of
           every rule that uses it. */
        for (size_t h = 0; h < slots; h++)
            slot[h] = -1;
        for (size_t i = 0; i < n; i++) {
            const char *f = nl_pat_filter_source(pats[i]);
            size_t h = nl_hash64_words(f, strlen(f)) & (slots - 1);
            while (slot[h] >= 0 && strcmp(src[slot[h]], f) != 0)
                h = (h + 1) & (slots - 1);
            if (slot[h] < 0) {
                slot[h] = (int)m;
                stypes[m] = 0;
                src[m++] = f;
            }
            id[i] = slot[h];
            stypes[id[i]] |= types[i];
        }
        rs->pf = nl_prefilter_new(src, stypes, m, rs->cache_dir, mode == NL_PREFILTER_CACHED);
        for (size_t i = 0; rs->pf && i < n; i++)
            nl_pat_set_filter_id(pats[i], id[i]);
    }
    free(pats);
    free(src);
    free(types);
    free(stypes);
    free(id);
    free(slot);
}

void nl_ruleset_free(nl_ruleset *rs)
{
    if (!rs)
        return;
    nl_prefilter_free(rs->pf);
    for (size_t i = 0; i < rs->n; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    for (size_t i = 0; i < rs->nvocab; i++)
        nl_vocab_clear(&rs->vocab[i]);
    free(rs->vocab);
    free(rs->problems);
    free(rs->cache_dir);
    free(rs->examples_key);
    free(rs);
}

size_t nl_ruleset_problem_count(const nl_ruleset *rs) { return rs->nproblems; }
const nl_error *nl_ruleset_problem(const nl_ruleset *rs, size_t i)
{
    return i < rs->nproblems ? &rs->problems[i] : NULL;
}
size_t nl_ruleset_count(const nl_ruleset *rs) { return rs->n; }

/* KEY of a basis entry written {{profile:KEY}}; 0 for any other entry. */
static int profile_basis_key(const char *s, char *key, size_t size)
{
    size_t n = strlen(s);
    if (n < 13 || strncmp(s, "{{profile:", 10) != 0 || strcmp(s + n - 2, "}}") != 0 || n - 12 >= size)
        return 0;
    memcpy(key, s + 10, n - 12);
    key[n - 12] = '\0';
    return 1;
}

/* The rule's basis with each {{profile:KEY}} replaced by what `profile`
   cites for KEY (kept as written when it has no such parameter). */
static nl_status resolve_basis(nl_rule *r, const nl_profile *profile)
{
    for (size_t i = 0; r->basis_tmpl && i < r->nbasis; i++) {
        char key[64];
        const char *cite = profile_basis_key(r->basis_tmpl[i], key, sizeof key) ? nl_profile_basis(profile, key) : NULL;
        char *s = strdup(cite && *cite ? cite : r->basis_tmpl[i]);
        if (!s)
            return NL_ERR_NOMEM;
        free(r->basis[i]);
        r->basis[i] = s;
    }
    return NL_OK;
}

nl_status nl_ruleset_apply_profile(nl_ruleset *rs, const nl_profile *profile)
{
    for (size_t i = 0; i < rs->n; i++)
        if (resolve_basis(rs->rules[i], profile ? profile : nl_profile_builtin()) != NL_OK)
            return NL_ERR_NOMEM;
    return NL_OK;
}

void nl_ruleset_identity(const nl_ruleset *rs, char out[17])
{
    uint64_t h = NL_HASH64_INIT;
    for (size_t i = 0; i < rs->n; i++) {
        const nl_rule *r = rs->rules[i];
        unsigned char state[2] = {(unsigned char)r->severity, (unsigned char)(r->enabled != 0)};
        h = nl_hash64(h, r->id, strlen(r->id) + 1);
        h = nl_hash64(h, &r->source, sizeof r->source);
        h = nl_hash64(h, state, sizeof state);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
const nl_rule *nl_ruleset_rule(const nl_ruleset *rs, size_t i) { return i < rs->n ? rs->rules[i] : NULL; }

const nl_rule *nl_ruleset_find(const nl_ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->rules[i]->id, id) == 0)
            return rs->rules[i];
    return NULL;
}

static int selects(const char *id, const char *sel)
{
    size_t n = strlen(sel);
    if (n > 0 && sel[n - 1] == '*')
        return strncmp(id, sel, n - 1) == 0;
    if (n > 0 && sel[n - 1] == '.')
        return strncmp(id, sel, n) == 0;
    return strcmp(id, sel) == 0;
}

nl_status nl_ruleset_set_enabled(nl_ruleset *rs, const char *id, int enabled, nl_error *err)
{
    size_t hits = 0;
    for (size_t i = 0; i < rs->n; i++)
        if (selects(rs->rules[i]->id, id)) {
            rs->rules[i]->enabled = enabled;
            hits++;
        }
    if (!hits)
        return nl_error_set(err, NL_ERR_INVALID, "", "no rule '%s' is loaded", id);
    return NL_OK;
}

nl_status nl_ruleset_set_severity(nl_ruleset *rs, const char *id, nl_severity sev, nl_error *err)
{
    size_t hits = 0;
    for (size_t i = 0; i < rs->n; i++)
        if (selects(rs->rules[i]->id, id)) {
            rs->rules[i]->severity = sev;
            hits++;
        }
    if (!hits)
        return nl_error_set(err, NL_ERR_INVALID, "", "no rule '%s' is loaded", id);
    return NL_OK;
}

/* ---- accessors ---- */

const char *nl_rule_id(const nl_rule *r) { return r->id; }
const char *nl_rule_kind(const nl_rule *r) { return r->kind->name; }
nl_severity nl_rule_severity(const nl_rule *r) { return r->severity; }
const char *nl_rule_title(const nl_rule *r) { return r->title; }
const char *nl_rule_message(const nl_rule *r) { return r->message; }
const char *nl_rule_advice(const nl_rule *r) { return r->advice; }
size_t nl_rule_basis_count(const nl_rule *r) { return r->nbasis; }
const char *nl_rule_basis(const nl_rule *r, size_t i) { return i < r->nbasis ? r->basis[i] : NULL; }
const char *nl_rule_scope(const nl_rule *r) { return nl_scope_name(r->scope); }
size_t nl_rule_applies_count(const nl_rule *r) { return r->napplies ? r->napplies : 1; }
const char *nl_rule_applies(const nl_rule *r, size_t i)
{
    if (!r->napplies)
        return i == 0 ? "all" : NULL;
    return i < r->napplies ? r->applies[i] : NULL;
}
int nl_rule_enabled(const nl_rule *r) { return r->enabled; }
size_t nl_rule_example_count(const nl_rule *r, int bad) { return r->nex[bad ? 1 : 0]; }
const char *nl_rule_example(const nl_rule *r, int bad, size_t i)
{
    int b = bad ? 1 : 0;
    return i < r->nex[b] ? r->ex[b][i].text : NULL;
}
size_t nl_rule_pattern_count(const nl_rule *r) { return r->npats; }
const char *nl_rule_pattern(const nl_rule *r, size_t i) { return i < r->npats ? r->pat_src[i] : NULL; }
const char *nl_rule_pattern_written(const nl_rule *r, size_t i)
{
    if (i >= r->npats)
        return NULL;
    return r->pat_written && r->pat_written[i] ? r->pat_written[i] : r->pat_src[i];
}
size_t nl_rule_fix_count(const nl_rule *r) { return r->nfixes; }
const char *nl_rule_fix_find(const nl_rule *r, size_t i) { return i < r->nfixes ? r->fixes[i].find_src : NULL; }
const char *nl_rule_fix_replace(const nl_rule *r, size_t i) { return i < r->nfixes ? r->fixes[i].replace : NULL; }
size_t nl_rule_fixed_count(const nl_rule *r) { return r->nfixed; }
const char *nl_rule_fixed_example(const nl_rule *r, size_t i, int after)
{
    if (i >= r->nfixed)
        return NULL;
    return after ? r->fixed[i].after : r->fixed[i].before;
}
const char *nl_rule_file(const nl_rule *r) { return r->file; }
unsigned long nl_rule_line(const nl_rule *r) { return r->line; }
unsigned nl_rule_issuer_levels(const nl_rule *r, int only) { return only ? r->only_level : r->unless_level; }
unsigned nl_rule_issuer_kinds(const nl_rule *r, int only) { return only ? r->only_kind : r->unless_kind; }

int nl_rule_applies_to(const nl_rule *r, nl_doctype t)
{
    return r->types == 0 || t == NL_DOCTYPE_UNKNOWN || (r->types & (1u << t)) != 0;
}

/* ---- loading ---- */

typedef struct loader {
    nl_ruleset *rs;
    const char *file;
    size_t first_problem; /* problems of the rule being read start here */
    int oom;
    uint64_t text; /* hash of the file's name and bytes */
    int cached;    /* parse through the cache of trees (files; not texts from memory) */
    nl_pat_store *store; /* compiled patterns of the file being read, when cached */
} loader;

void nl_rule_depends_on(nl_rule *r, const void *bytes, size_t n) { r->source = nl_hash64(r->source, bytes, n); }

/* The cache marker saying that rule r passed its examples: named by a hash
   of everything the verdict depends on — the rule's file and data (r->source),
   its place in the file, this library's version and the caller's key (the
   command line's names the program's build and the day: examples may be
   judged against today's date). 0 when there is nothing to key on. */
static int examples_marker(const nl_ruleset *rs, const nl_rule *r, char *name, size_t nsize, char *body, size_t bsize)
{
    if (!rs->cache_dir || !rs->examples_key)
        return 0;
    uint64_t h = nl_hash64(NL_HASH64_INIT, NL_VERSION, sizeof NL_VERSION);
    h = nl_hash64(h, rs->examples_key, strlen(rs->examples_key) + 1);
    unsigned long at[2] = {r->line, r->column};
    h = nl_hash64(h, &r->source, sizeof r->source);
    h = nl_hash64(nl_hash64(h, at, sizeof at), r->id, strlen(r->id) + 1);
    snprintf(name, nsize, "examples-%016llx", (unsigned long long)h);
    snprintf(body, bsize, "normlint %s: the examples of %.100s passed\n", NL_VERSION, r->id);
    return 1;
}

static void problem(loader *L, unsigned long line, unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void vproblem(loader *L, const char *file, unsigned long line, unsigned long col, const char *fmt, va_list ap)
{
    nl_ruleset *rs = L->rs;
    if (nl_grow((void **)&rs->problems, &rs->pcap, rs->nproblems, sizeof *rs->problems, 8) != 0) {
        L->oom = 1;
        return;
    }
    nl_error *e = &rs->problems[rs->nproblems++];
    memset(e, 0, sizeof *e);
    e->status = NL_ERR_RULE;
    snprintf(e->path, sizeof e->path, "%s", file);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    e->line = line;
    e->column = col;
}

static void problem(loader *L, unsigned long line, unsigned long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vproblem(L, L->file, line, col, fmt, ap);
    va_end(ap);
}

/* A problem found once every file is read (in a rule of another file). */
static void problem_in(loader *L, const char *file, unsigned long line, unsigned long col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void problem_in(loader *L, const char *file, unsigned long line, unsigned long col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vproblem(L, file, line, col, fmt, ap);
    va_end(ap);
}

static const char *const known_keys[] = {"id",     "kind",    "severity", "title",  "message",
                                         "basis",  "advice",  "applies-to", "scope", "pattern",
                                         "unless", "enabled", "examples", "params", "unless-document", "all", "veto", "unless-issuer", "only-issuer",
                                         "fix", "defer-to", "anchor"};
static const char *const required_keys[] = {"id", "kind", "severity", "title", "message",
                                            "basis", "advice", "examples"};

/* Edit distance, to suggest the key an author meant. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 30 || lb > 30)
        return 99;
    size_t d[31][31];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c)
                c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c)
                c = d[i][j - 1] + 1;
            d[i][j] = c;
        }
    return d[la][lb];
}

static const char *suggest(const char *key)
{
    const char *best = NULL;
    size_t bd = 3;
    for (size_t i = 0; i < sizeof known_keys / sizeof known_keys[0]; i++) {
        size_t d = distance(key, known_keys[i]);
        if (d < bd) {
            bd = d;
            best = known_keys[i];
        }
    }
    return best;
}

static const char *kind_word(const nl_ynode *n)
{
    return n->kind == NL_Y_MAP ? "a mapping" : n->kind == NL_Y_SEQ ? "a list" : "a single value";
}

/* A non-empty string value. */
static char *get_string(loader *L, const nl_ynode *map, const char *key)
{
    const nl_ynode *v = nl_yaml_get(map, key);
    if (!v)
        return NULL;
    if (v->kind != NL_Y_SCALAR) {
        problem(L, v->line, v->column, "'%s' must be a string, not %s", key, kind_word(v));
        return NULL;
    }
    if (v->len == 0) {
        problem(L, v->line, v->column, "'%s' must not be empty", key);
        return NULL;
    }
    char *s = strdup(v->str);
    if (!s)
        L->oom = 1;
    return s;
}

/* A string or a list of strings (`one_ok`: a single string allowed). */
static char **get_strings(loader *L, const nl_ynode *map, const char *key, size_t *n, int one_ok,
                          const nl_ynode ***nodes)
{
    *n = 0;
    const nl_ynode *v = nl_yaml_get(map, key);
    if (!v)
        return NULL;
    const nl_ynode *const *items;
    size_t count;
    const nl_ynode *single[1];
    if (v->kind == NL_Y_SCALAR && one_ok) {
        single[0] = v;
        items = single;
        count = 1;
    } else if (v->kind == NL_Y_SEQ) {
        items = (const nl_ynode *const *)v->items;
        count = v->n;
    } else if (v->kind == NL_Y_SCALAR && v->plain && strcmp(v->str, "[]") == 0) {
        return NULL;
    } else {
        problem(L, v->line, v->column, "'%s' must be a list of strings%s, not %s", key,
                one_ok ? " or a string" : "", kind_word(v));
        return NULL;
    }
    char **out = calloc(count ? count : 1, sizeof *out);
    if (nodes)
        *nodes = calloc(count ? count : 1, sizeof **nodes);
    if (!out || (nodes && !*nodes)) {
        free(out);
        L->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < count; i++) {
        if (items[i]->kind != NL_Y_SCALAR) {
            problem(L, items[i]->line, items[i]->column, "each entry of '%s' must be a string, not %s", key,
                    kind_word(items[i]));
            continue;
        }
        if (items[i]->len == 0) {
            problem(L, items[i]->line, items[i]->column, "an entry of '%s' is empty", key);
            continue;
        }
        if (nodes)
            (*nodes)[*n] = items[i];
        out[(*n)++] = strdup(items[i]->str);
        if (!out[*n - 1])
            L->oom = 1;
    }
    return out;
}

static int valid_id(const char *id)
{
    /* lower-case words of [a-z0-9-], dotted, at least two, starting with a letter */
    int dots = 0;
    if (!(id[0] >= 'a' && id[0] <= 'z'))
        return 0;
    for (const char *p = id; *p; p++) {
        if (*p == '.') {
            if (p[1] == '\0' || p[1] == '.' || p[1] == '-')
                return 0;
            dots++;
        } else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
            return 0;
        }
    }
    return dots > 0;
}

/* Compile a list of pattern sources; problems point at the YAML node and the
   offset inside the pattern. {{vocabulary}} references are expanded first:
   src[i] becomes the expansion, and when `written` is given, (*written)[i]
   keeps the entry as written (NULL where nothing was expanded). */
static nl_pat **compile_all(loader *L, nl_rule *r, char **src, const nl_ynode **nodes, size_t n, const char *key,
                            char ***written)
{
    nl_pat **out = calloc(n ? n : 1, sizeof *out);
    if (!out) {
        L->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char msg[300];
        size_t off = 0;
        char *x = NULL;
        int rc = nl_vocab_expand(L->rs, src[i], &x, msg, sizeof msg);
        if (rc == -2) {
            L->oom = 1;
            continue;
        }
        if (rc != 0) {
            problem(L, nodes[i]->line, nodes[i]->column, "%s '%s': %s", key, src[i], msg);
            continue;
        }
        if (strcmp(x, src[i]) == 0) {
            free(x);
        } else {
            /* the verdict cached on the examples must cover the vocabularies */
            nl_rule_depends_on(r, x, strlen(x));
            if (written) {
                if (!*written && !(*written = calloc(n, sizeof **written))) {
                    free(x);
                    L->oom = 1;
                    continue;
                }
                (*written)[i] = src[i];
            } else {
                free(src[i]);
            }
            src[i] = x;
        }
        out[i] = nl_pat_store_compile(L->store, src[i], msg, sizeof msg, &off);
        if (!out[i])
            problem(L, nodes[i]->line, nodes[i]->column, "%s '%s' does not compile: %s at offset %zu", key,
                    src[i], msg, off);
    }
    return out;
}

/* examples.fixed: a list of pairs [BEFORE, AFTER], each a document text. */
static void read_fixed(loader *L, nl_rule *r, const nl_ynode *v)
{
    static const char shape[] = "'examples.fixed' must be a list of pairs [BEFORE, AFTER] of document texts";
    if (!v)
        return;
    if (v->kind != NL_Y_SEQ) {
        problem(L, v->line, v->column, "%s, not %s", shape, kind_word(v));
        return;
    }
    r->fixed = calloc(v->n ? v->n : 1, sizeof *r->fixed);
    if (!r->fixed) {
        L->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const nl_ynode *pair = v->items[i];
        if (pair->kind != NL_Y_SEQ || pair->n != 2 || pair->items[0]->kind != NL_Y_SCALAR ||
            pair->items[1]->kind != NL_Y_SCALAR) {
            problem(L, pair->line, pair->column, "%s: entry %zu is not a pair of texts", shape, i + 1);
            continue;
        }
        if (pair->items[0]->len == 0) {
            problem(L, pair->line, pair->column, "the BEFORE text of 'examples.fixed' entry %zu is empty", i + 1);
            continue;
        }
        nl_fixed_example *e = &r->fixed[r->nfixed++];
        e->before = strdup(pair->items[0]->str);
        e->after = strdup(pair->items[1]->str);
        e->line = pair->line;
        e->column = pair->column;
        if (!e->before || !e->after)
            L->oom = 1;
    }
}

/* `fix`: a list of {find: PATTERN, replace: TEMPLATE}; every rule with one
   needs a fixed example to show that it does what it says. */
static void read_fix(loader *L, nl_rule *r, const nl_ynode *map)
{
    static const char shape[] = "'fix' must be a list of entries {find: PATTERN, replace: TEMPLATE}";
    const nl_ynode *v = nl_yaml_get(map, "fix");
    if (!v)
        return;
    if (v->kind != NL_Y_SEQ || v->n == 0) {
        problem(L, v->line, v->column, "%s, not %s", shape, v->kind == NL_Y_SEQ ? "an empty list" : kind_word(v));
        return;
    }
    r->fixes = calloc(v->n, sizeof *r->fixes);
    if (!r->fixes) {
        L->oom = 1;
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        const nl_ynode *e = v->items[i];
        if (e->kind != NL_Y_MAP) {
            problem(L, e->line, e->column, "%s: entry %zu is %s", shape, i + 1, kind_word(e));
            continue;
        }
        int bad = 0;
        for (size_t k = 0; k < e->n; k++)
            if (strcmp(e->keys[k]->str, "find") != 0 && strcmp(e->keys[k]->str, "replace") != 0) {
                problem(L, e->keys[k]->line, e->keys[k]->column, "unknown key 'fix.%s' (expected find, replace)",
                        e->keys[k]->str);
                bad = 1;
            }
        static const char *const keys[2] = {"find", "replace"};
        const nl_ynode *kv[2];
        for (int k = 0; k < 2; k++) {
            kv[k] = nl_yaml_get(e, keys[k]);
            if (!kv[k]) {
                problem(L, e->line, e->column, "fix entry %zu has no '%s'", i + 1, keys[k]);
                bad = 1;
            } else if (kv[k]->kind != NL_Y_SCALAR) {
                problem(L, kv[k]->line, kv[k]->column, "'fix.%s' must be a string, not %s", keys[k],
                        kind_word(kv[k]));
                bad = 1;
            }
        }
        if (!bad && kv[0]->len == 0) {
            problem(L, kv[0]->line, kv[0]->column, "'fix.find' must not be empty");
            bad = 1;
        }
        if (bad)
            continue;
        nl_fix_entry *f = &r->fixes[r->nfixes++];
        f->find_src = strdup(kv[0]->str);
        f->replace = strdup(kv[1]->str);
        if (!f->find_src || !f->replace) {
            L->oom = 1;
            return;
        }
        char msg[300];
        size_t off = 0;
        f->find = nl_pat_store_compile(L->store, f->find_src, msg, sizeof msg, &off);
        if (!f->find)
            problem(L, kv[0]->line, kv[0]->column, "fix pattern '%s' does not compile: %s at offset %zu",
                    f->find_src, msg, off);
        else if (nl_pat_check_template(f->find_src, f->replace, msg, sizeof msg) != 0)
            problem(L, kv[1]->line, kv[1]->column, "fix replacement '%s' is not a valid template for '%s': %s",
                    f->replace, f->find_src, msg);
    }
}

static void read_examples(loader *L, nl_rule *r, const nl_ynode *map)
{
    const nl_ynode *ex = nl_yaml_get(map, "examples");
    if (!ex)
        return;
    if (ex->kind != NL_Y_MAP) {
        problem(L, ex->line, ex->column, "'examples' must be a mapping with 'bad' and 'good' lists");
        return;
    }
    for (size_t i = 0; i < ex->n; i++)
        if (strcmp(ex->keys[i]->str, "bad") != 0 && strcmp(ex->keys[i]->str, "good") != 0 &&
            strcmp(ex->keys[i]->str, "fixed") != 0)
            problem(L, ex->keys[i]->line, ex->keys[i]->column,
                    "unknown key 'examples.%s' (expected bad, good, fixed)", ex->keys[i]->str);
    static const char *const which[2] = {"good", "bad"};
    for (int b = 0; b < 2; b++) {
        size_t n = 0;
        const nl_ynode **nodes = NULL;
        char **v = get_strings(L, ex, which[b], &n, 0, &nodes);
        if (n < 2)
            problem(L, ex->line, ex->column, "'examples.%s' needs at least two examples (it has %zu)", which[b], n);
        r->ex[b] = calloc(n ? n : 1, sizeof *r->ex[b]);
        if (!r->ex[b]) {
            L->oom = 1;
        } else {
            for (size_t i = 0; i < n; i++) {
                r->ex[b][i].text = v[i];
                r->ex[b][i].line = nodes[i]->line;
                r->ex[b][i].column = nodes[i]->column;
                v[i] = NULL;
            }
            r->nex[b] = n;
        }
        free_strv(v, n);
        free((void *)nodes);
    }
    read_fixed(L, r, nl_yaml_get(ex, "fixed"));
}

static void kind_problem(void *ctx, unsigned long line, unsigned long column, const char *message)
{
    problem(ctx, line, column, "%s", message);
}

static void on_example_fail(void *ud, const nl_rule *r, int which, size_t i, const char *reason)
{
    if (which == NL_EXAMPLE_FIXED) {
        const nl_fixed_example *e = &r->fixed[i];
        problem(ud, e->line, e->column, "rule %s, fixed example %zu: %s", r->id, i + 1, reason);
        return;
    }
    const nl_example *e = &r->ex[which == NL_EXAMPLE_BAD ? 1 : 0][i];
    problem(ud, e->line, e->column, "rule %s, %s example %zu: %s", r->id, which == NL_EXAMPLE_BAD ? "bad" : "good",
            i + 1, reason);
}

/* A list of patterns under `key` (a string or a list), compiled with their
   vocabularies expanded; *n is how many (0 on a problem, reported). */
static nl_pat **read_patterns(loader *L, nl_rule *r, const nl_ynode *map, const char *key, const char *what, size_t *n)
{
    size_t k = 0;
    const nl_ynode **nodes = NULL;
    char **src = get_strings(L, map, key, &k, 1, &nodes);
    nl_pat **pats = compile_all(L, r, src, nodes, k, what, NULL);
    *n = pats ? k : 0;
    free_strv(src, k);
    free((void *)nodes);
    return pats;
}

/* `unless-issuer` / `only-issuer: [LEVEL or KIND, ...]`: issuer levels
   (central ... township) and kinds (government ... dispatched-office) as two
   bit sets. */
static void read_issuer_set(loader *L, const nl_ynode *map, const char *key, unsigned *levels, unsigned *kinds)
{
    size_t n = 0;
    const nl_ynode **nodes = NULL;
    char **lv = get_strings(L, map, key, &n, 1, &nodes);
    for (size_t i = 0; i < n; i++) {
        int found = 0;
        for (int k = NL_ISSUER_UNKNOWN + 1; k <= NL_ISSUER_TOWNSHIP && !found; k++)
            if (strcmp(lv[i], nl_issuer_level_id((nl_issuer_level)k)) == 0) {
                *levels |= 1u << k;
                found = 1;
            }
        for (int k = NL_ISSUER_KIND_UNKNOWN + 1; k <= NL_ISSUER_DISPATCHED && !found; k++)
            if (strcmp(lv[i], nl_issuer_kind_id((nl_issuer_kind)k)) == 0) {
                *kinds |= 1u << k;
                found = 1;
            }
        if (!found)
            problem(L, nodes[i]->line, nodes[i]->column,
                    "unknown issuer level or kind '%s' (levels: central, provincial, municipal, county, township; "
                    "kinds: government, office, department, internal-unit, coordination-body, dispatched-office)",
                    lv[i]);
    }
    free_strv(lv, n);
    free((void *)nodes);
}

/* `veto: [NAME, ...]`: vocabularies with a veto-scope. */
static void read_veto(loader *L, nl_rule *r, const nl_ynode *map)
{
    size_t n = 0;
    const nl_ynode **nodes = NULL;
    char **names = get_strings(L, map, "veto", &n, 1, &nodes);
    if (n) {
        r->veto = calloc(n, sizeof *r->veto);
        if (!r->veto)
            L->oom = 1;
    }
    for (size_t i = 0; i < n && r->veto; i++) {
        const nl_vocab *v = nl_vocab_find(L->rs, names[i], strlen(names[i]));
        if (!v)
            problem(L, nodes[i]->line, nodes[i]->column, "'veto' names '%s', which is no vocabulary", names[i]);
        else if (v->scope == NL_VETO_NONE)
            problem(L, nodes[i]->line, nodes[i]->column,
                    "'veto' names vocabulary '%s', which has no 'veto-scope' (before or sentence)", names[i]);
        else {
            r->veto[r->nveto++] = v;
            nl_rule_depends_on(r, v->src, strlen(v->src));
            if (v->until_src)
                nl_rule_depends_on(r, v->until_src, strlen(v->until_src));
        }
    }
    free_strv(names, n);
    free((void *)nodes);
}

/* Escape a literal term for a PCRE2 alternation. */
static void put_term(nl_buf *b, const char *t)
{
    for (; *t; t++) {
        if (strchr("\\^$.|?*+()[]{}", *t))
            nl_buf_put(b, "\\", 1);
        nl_buf_put(b, t, 1);
    }
}

static int longer_first(const void *a, const void *b)
{
    size_t x = strlen(*(char *const *)a), y = strlen(*(char *const *)b);
    return x != y ? (x > y ? -1 : 1) : strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *const vocab_keys[] = {"vocabulary", "title", "pattern", "terms", "capture", "veto-scope", "until",
                                         "examples"};

/* A problem for each key of a vocabulary entry that is not one of vocab_keys. */
static void check_vocab_keys(loader *L, const nl_ynode *map)
{
    for (size_t i = 0; i < map->n; i++) {
        int known = 0;
        for (size_t j = 0; j < sizeof vocab_keys / sizeof vocab_keys[0]; j++)
            known |= strcmp(map->keys[i]->str, vocab_keys[j]) == 0;
        if (!known)
            problem(L, map->keys[i]->line, map->keys[i]->column, "unknown key '%s' in a vocabulary", map->keys[i]->str);
    }
}

/* `vocabulary` and `title` into v: the name (lower-case words joined by '-',
   not defined before) and what it stands for. The problems of the entry
   start at `first`. */
static void read_vocab_name(loader *L, const nl_ynode *map, nl_vocab *v, size_t first)
{
    nl_ruleset *rs = L->rs;
    v->name = get_string(L, map, "vocabulary");
    v->title = get_string(L, map, "title");
    if (!v->title && rs->nproblems == first)
        problem(L, map->line, map->column, "a vocabulary needs a 'title' saying what it stands for");
    if (v->name) {
        const char *p = v->name;
        int ok = *p >= 'a' && *p <= 'z';
        for (; *p && ok; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
        const nl_ynode *nn = nl_yaml_get(map, "vocabulary");
        if (!ok)
            problem(L, nn->line, nn->column, "vocabulary name '%s' must be lower-case words joined by '-'", v->name);
        else if (nl_vocab_find(rs, v->name, strlen(v->name)))
            problem(L, nn->line, nn->column, "vocabulary '%s' is defined twice", v->name);
    }
}

/* Exactly one of `pattern` and `terms` into v->src: the pattern as written,
   or the terms escaped and joined into one alternation, longest first. */
static void read_vocab_source(loader *L, const nl_ynode *map, nl_vocab *v, size_t first)
{
    const nl_ynode *pat = nl_yaml_get(map, "pattern"), *terms = nl_yaml_get(map, "terms");
    if (!!pat == !!terms) {
        problem(L, map->line, map->column, "a vocabulary needs exactly one of 'pattern' and 'terms'");
        return;
    }
    if (pat) {
        v->src = get_string(L, map, "pattern");
        return;
    }
    size_t n = 0;
    char **t = get_strings(L, map, "terms", &n, 0, NULL);
    if (n) {
        qsort(t, n, sizeof *t, longer_first); /* the longest term wins at a position */
        nl_buf b = {0};
        for (size_t i = 0; i < n; i++) {
            if (i)
                nl_buf_put(&b, "|", 1);
            put_term(&b, t[i]);
        }
        if (b.oom)
            L->oom = 1;
        v->src = b.p;
    } else if (L->rs->nproblems == first) {
        problem(L, terms->line, terms->column, "'terms' needs at least one term");
    }
    free_strv(t, n);
}

/* `capture`, `veto-scope` and `until` into v: how a use of the vocabulary
   captures, and what it excuses when a rule names it as a veto. */
static void read_vocab_scope(loader *L, const nl_ynode *map, nl_vocab *v)
{
    char *cap = get_string(L, map, "capture");
    if (cap) {
        if (strcmp(cap, "local") == 0)
            v->capture = 1;
        else {
            const nl_ynode *c = nl_yaml_get(map, "capture");
            problem(L, c->line, c->column, "unknown capture '%s' (known: local)", cap);
        }
        free(cap);
    }
    char *sc = get_string(L, map, "veto-scope");
    if (sc) {
        if (strcmp(sc, "before") == 0)
            v->scope = NL_VETO_BEFORE;
        else if (strcmp(sc, "sentence") == 0)
            v->scope = NL_VETO_SENTENCE;
        else if (strcmp(sc, "period") == 0)
            v->scope = NL_VETO_PERIOD;
        else {
            const nl_ynode *c = nl_yaml_get(map, "veto-scope");
            problem(L, c->line, c->column, "unknown veto-scope '%s' (known: before, sentence, period)", sc);
        }
        free(sc);
    }
    v->until_src = get_string(L, map, "until");
    if (v->until_src && v->scope != NL_VETO_BEFORE && v->scope != NL_VETO_PERIOD) {
        const nl_ynode *c = nl_yaml_get(map, "until");
        problem(L, c->line, c->column, "'until' is for a vocabulary with veto-scope 'before' or 'period'");
    }
}

/* `examples: {match: [...], no-match: [...]}` into v->ex[1] and v->ex[0]. */
static void read_vocab_examples(loader *L, const nl_ynode *map, nl_vocab *v)
{
    const nl_ynode *ex = nl_yaml_get(map, "examples");
    if (!ex)
        return;
    if (ex->kind != NL_Y_MAP) {
        problem(L, ex->line, ex->column, "'examples' of a vocabulary must be a mapping {match: [...], no-match: [...]}");
        return;
    }
    for (size_t i = 0; i < ex->n; i++)
        if (strcmp(ex->keys[i]->str, "match") != 0 && strcmp(ex->keys[i]->str, "no-match") != 0)
            problem(L, ex->keys[i]->line, ex->keys[i]->column, "unknown key '%s' in a vocabulary's examples",
                    ex->keys[i]->str);
    v->ex[1] = get_strings(L, ex, "match", &v->nex[1], 0, NULL);
    v->ex[0] = get_strings(L, ex, "no-match", &v->nex[0], 0, NULL);
}

/* Compile v's expansion into v->pat and its `until` into v->until, when the
   entry is sound so far (a reference to an unknown name is a problem here). */
static void compile_vocab(loader *L, const nl_ynode *map, nl_vocab *v, size_t first)
{
    nl_ruleset *rs = L->rs;
    if (!v->src || rs->nproblems != first || L->oom)
        return;
    char msg[300], *x = NULL;
    size_t off = 0;
    int rc = nl_vocab_expand(rs, v->src, &x, msg, sizeof msg);
    if (rc == -2)
        L->oom = 1;
    else if (rc != 0)
        problem(L, map->line, map->column, "vocabulary '%s': %s", v->name ? v->name : "?", msg);
    else if (!(v->pat = nl_pat_store_compile(L->store, x, msg, sizeof msg, &off)))
        problem(L, map->line, map->column, "vocabulary '%s' does not compile: %s at offset %zu of '%s'",
                v->name ? v->name : "?", msg, off, x);
    free(x);
    if (v->until_src && !(v->until = nl_pat_store_compile(L->store, v->until_src, msg, sizeof msg, &off)))
        problem(L, map->line, map->column, "'until' of vocabulary '%s' does not compile: %s at offset %zu",
                v->name ? v->name : "?", msg, off);
}

/* A vocabulary's examples are tests: each `match` text holds a match, no
   `no-match` text does. Run when the entry compiled without a problem. */
static void test_vocab_examples(loader *L, const nl_ynode *map, const nl_vocab *v, size_t first)
{
    if (!v->pat || L->rs->nproblems != first)
        return;
    const nl_ynode *ex = nl_yaml_get(map, "examples"); /* a mapping when there are examples */
    nl_pat_ctx *c = nl_pat_ctx_new();
    if (!c)
        L->oom = 1;
    for (int b = 0; b < 2 && c; b++)
        for (size_t i = 0; i < v->nex[b]; i++) {
            int rc = nl_pat_test(v->pat, c, v->ex[b][i], strlen(v->ex[b][i]));
            if ((rc == NL_PAT_MATCH) != b)
                problem(L, ex->line, ex->column, "vocabulary '%s', %s example '%s': %s", v->name,
                        b ? "match" : "no-match", v->ex[b][i],
                        b ? "does not match" : "matches");
        }
    nl_pat_ctx_free(c);
}

/* Add v to the set when its entry has no problem (the set owns it then);
   else clear it. */
static void add_vocab(loader *L, nl_vocab *v, size_t first)
{
    nl_ruleset *rs = L->rs;
    if (rs->nproblems != first || L->oom ||
        nl_grow((void **)&rs->vocab, &rs->vcap, rs->nvocab, sizeof *rs->vocab, 16) != 0) {
        if (rs->nproblems == first && !L->oom)
            L->oom = 1;
        nl_vocab_clear(v);
        return;
    }
    v->file = strdup(L->file);
    if (!v->file) {
        L->oom = 1;
        nl_vocab_clear(v);
        return;
    }
    rs->vocab[rs->nvocab++] = *v;
}

/* A vocabulary entry: {vocabulary: NAME, title, pattern | terms, capture,
   veto-scope, until, examples: {match: [...], no-match: [...]}}. */
static void read_vocab(loader *L, const nl_ynode *map)
{
    size_t first = L->rs->nproblems;
    nl_vocab v;
    memset(&v, 0, sizeof v);
    v.line = map->line;
    v.column = map->column;
    check_vocab_keys(L, map);
    read_vocab_name(L, map, &v, first);
    read_vocab_source(L, map, &v, first);
    read_vocab_scope(L, map, &v);
    read_vocab_examples(L, map, &v);
    compile_vocab(L, map, &v, first);
    test_vocab_examples(L, map, &v, first);
    add_vocab(L, &v, first);
}

/* A new rule for the mapping `map` of L's file: where it is written, its
   folder, enabled, its source hash started with the file's. NULL when out
   of memory (L->oom set). */
static nl_rule *new_rule(loader *L, const nl_ynode *map)
{
    nl_rule *r = calloc(1, sizeof *r);
    if (!r) {
        L->oom = 1;
        return NULL;
    }
    r->line = map->line;
    r->column = map->column;
    r->enabled = 1;
    r->file = strdup(L->file);
    r->source = L->text;
    const char *slash = strrchr(L->file, '/');
    r->dir = slash ? strndup(L->file, (size_t)(slash - L->file)) : strdup(".");
    return r;
}

/* A problem for each key of a rule that is unknown (with the known key the
   author probably meant) or written twice, and for each required key that
   is missing ('pattern' too, unless the kind is known to need none). */
static void check_rule_keys(loader *L, const nl_ynode *map)
{
    for (size_t i = 0; i < map->n; i++) {
        const char *k = map->keys[i]->str;
        int known = 0;
        for (size_t j = 0; j < sizeof known_keys / sizeof known_keys[0]; j++)
            known |= strcmp(k, known_keys[j]) == 0;
        for (size_t j = 0; j < i; j++)
            if (strcmp(map->keys[j]->str, k) == 0) {
                problem(L, map->keys[i]->line, map->keys[i]->column, "key '%s' appears twice", k);
                break;
            }
        if (!known) {
            const char *s = suggest(k);
            if (s)
                problem(L, map->keys[i]->line, map->keys[i]->column, "unknown key '%s' (did you mean '%s'?)", k, s);
            else
                problem(L, map->keys[i]->line, map->keys[i]->column, "unknown key '%s'", k);
        }
    }
    for (size_t j = 0; j < sizeof required_keys / sizeof required_keys[0]; j++)
        if (!nl_yaml_get(map, required_keys[j]))
            problem(L, map->line, map->column, "missing required key '%s'", required_keys[j]);

    const nl_ynode *k = nl_yaml_get(map, "kind");
    const nl_kind *kk = k && k->kind == NL_Y_SCALAR ? nl_kind_find(k->str) : NULL;
    if ((!kk || kk->needs_pattern) && !nl_yaml_get(map, "pattern"))
        problem(L, map->line, map->column, "missing required key 'pattern'");
}

/* `id`, `kind` and `severity`: the rule's name (dotted lower-case words),
   what it does and how much its findings weigh. */
static void read_identity(loader *L, nl_rule *r, const nl_ynode *map)
{
    r->id = get_string(L, map, "id");
    if (r->id && !valid_id(r->id)) {
        const nl_ynode *v = nl_yaml_get(map, "id");
        problem(L, v->line, v->column,
                "id '%s' must be dotted lower-case words, category first (e.g. power.penalty.create)", r->id);
    }
    char *s = get_string(L, map, "kind");
    if (s) {
        r->kind = nl_kind_find(s);
        if (!r->kind) {
            const nl_ynode *v = nl_yaml_get(map, "kind");
            problem(L, v->line, v->column, "unknown kind '%s' (known: %s)", s, nl_kind_names());
        }
        free(s);
    }
    s = get_string(L, map, "severity");
    if (s) {
        if (!nl_severity_parse(s, &r->severity)) {
            const nl_ynode *v = nl_yaml_get(map, "severity");
            problem(L, v->line, v->column, "unknown severity '%s' (expected error, warning or info)", s);
        }
        free(s);
    }
}

/* `title`, `message`, `advice` and `basis`. A basis entry {{profile:KEY}}
   cites what the profile in force rests on: the entries as written are kept
   in basis_tmpl, and basis holds them resolved for the built-in profile. */
static void read_texts(loader *L, nl_rule *r, const nl_ynode *map)
{
    r->title = get_string(L, map, "title");
    r->message = get_string(L, map, "message");
    r->advice = get_string(L, map, "advice");
    r->basis = get_strings(L, map, "basis", &r->nbasis, 0, NULL);
    for (size_t i = 0; r->basis && i < r->nbasis; i++) {
        char key[64];
        if (!profile_basis_key(r->basis[i], key, sizeof key))
            continue;
        if (!nl_profile_key_known(key))
            problem(L, r->line, r->column, "basis '%s' names no profile parameter", r->basis[i]);
        if (!r->basis_tmpl && !(r->basis_tmpl = calloc(r->nbasis, sizeof *r->basis_tmpl)))
            L->oom = 1;
    }
    if (r->basis_tmpl) {
        for (size_t i = 0; i < r->nbasis; i++)
            if (!(r->basis_tmpl[i] = strdup(r->basis[i])))
                L->oom = 1;
        if (!L->oom && resolve_basis(r, nl_profile_builtin()) != NL_OK)
            L->oom = 1;
    }
}

/* `scope` (the unit a match is searched in; a sentence unless written) and
   `applies-to` (document types as bits of r->types; 0, every type, when it
   is not written or names 'all'). */
static void read_scope(loader *L, nl_rule *r, const nl_ynode *map)
{
    r->scope = NL_SCOPE_SENTENCE;
    char *s = get_string(L, map, "scope");
    if (s) {
        if (!nl_scope_parse(s, &r->scope)) {
            const nl_ynode *v = nl_yaml_get(map, "scope");
            problem(L, v->line, v->column,
                    "unknown scope '%s' (known: document, title, doc-number, body, chapter, article, clause, item, "
                    "paragraph, sentence, signature)",
                    s);
        }
        free(s);
    }

    const nl_ynode **anodes = NULL;
    r->applies = get_strings(L, map, "applies-to", &r->napplies, 1, &anodes);
    for (size_t i = 0; i < r->napplies; i++) {
        int ok = 1;
        if (strcmp(r->applies[i], "all") == 0) {
            r->types = 0;
            break;
        }
        nl_doctype t = nl_doctype_from_id(r->applies[i], &ok);
        if (!ok)
            problem(L, anodes[i]->line, anodes[i]->column,
                    "unknown document type '%s' (known: normative, rule, local-regulation, admin-regulation, law, "
                    "judicial, other, unknown, all)",
                    r->applies[i]);
        else
            r->types |= 1u << t;
    }
    free((void *)anodes);
}

/* `enabled: true | false` (the rule is on when it is not written). */
static void read_enabled(loader *L, nl_rule *r, const nl_ynode *map)
{
    const nl_ynode *en = nl_yaml_get(map, "enabled");
    if (!en)
        return;
    if (en->kind == NL_Y_SCALAR && en->plain && strcmp(en->str, "true") == 0)
        r->enabled = 1;
    else if (en->kind == NL_Y_SCALAR && en->plain && strcmp(en->str, "false") == 0)
        r->enabled = 0;
    else
        problem(L, en->line, en->column, "'enabled' must be true or false");
}

/* `pattern`: the rule's patterns, compiled; their sources (expanded, and as
   written when a vocabulary was expanded) stay with the rule for
   nl_rule_pattern and nl_rule_pattern_written. */
static void read_rule_patterns(loader *L, nl_rule *r, const nl_ynode *map)
{
    size_t np = 0;
    const nl_ynode **pnodes = NULL;
    char **psrc = get_strings(L, map, "pattern", &np, 1, &pnodes);
    if (nl_yaml_get(map, "pattern") && np == 0 && L->rs->nproblems == L->first_problem) {
        const nl_ynode *v = nl_yaml_get(map, "pattern");
        problem(L, v->line, v->column, "'pattern' needs at least one pattern");
    }
    char **pwritten = NULL;
    r->pats = compile_all(L, r, psrc, pnodes, np, "pattern", &pwritten);
    r->npats = r->pats ? np : 0;
    if (r->pats) {
        r->pat_src = psrc;
        r->pat_written = pwritten;
        psrc = NULL;
        pwritten = NULL;
        np = 0;
    }
    free_strv(pwritten, np);
    free_strv(psrc, np);
    free((void *)pnodes);
}

/* What else decides a finding: the patterns of `unless`, `unless-document`,
   `all` (kind pattern only) and `anchor` (kind require only), the `veto`
   vocabularies, `unless-issuer` and `only-issuer`, and `defer-to` (whose
   rule ids are checked in finish, once every rule is loaded). */
static void read_conditions(loader *L, nl_rule *r, const nl_ynode *map)
{
    r->unless = read_patterns(L, r, map, "unless", "unless pattern", &r->nunless);
    r->unless_doc = read_patterns(L, r, map, "unless-document", "unless-document pattern", &r->nunless_doc);
    r->all = read_patterns(L, r, map, "all", "all pattern", &r->nall);
    if (r->nall && r->kind && strcmp(r->kind->name, "pattern") != 0) {
        const nl_ynode *v = nl_yaml_get(map, "all");
        problem(L, v->line, v->column, "'all' is for rules of kind 'pattern'");
    }
    r->anchor = read_patterns(L, r, map, "anchor", "anchor pattern", &r->nanchor);
    if (r->nanchor && r->kind && strcmp(r->kind->name, "require") != 0) {
        const nl_ynode *v = nl_yaml_get(map, "anchor");
        problem(L, v->line, v->column, "'anchor' is for rules of kind 'require'");
    }
    read_veto(L, r, map);
    read_issuer_set(L, map, "unless-issuer", &r->unless_level, &r->unless_kind);
    read_issuer_set(L, map, "only-issuer", &r->only_level, &r->only_kind);
    r->defer = get_strings(L, map, "defer-to", &r->ndefer, 1, NULL);
    if (r->ndefer) {
        const nl_ynode *v = nl_yaml_get(map, "defer-to");
        r->defer_line = v->line;
        r->defer_column = v->column;
    }
}

/* `params`: handed to the kind's configure() once the rule is otherwise
   sound; a problem when the kind takes none. */
static void configure_kind(loader *L, nl_rule *r, const nl_ynode *map)
{
    nl_ruleset *rs = L->rs;
    if (r->kind && r->kind->configure && rs->nproblems == L->first_problem) {
        if (r->kind->configure(r, nl_yaml_get(map, "params"), kind_problem, L) != 0 && rs->nproblems == L->first_problem)
            problem(L, map->line, map->column, "bad 'params' for kind '%s'", r->kind->name);
    } else if (r->kind && !r->kind->configure && nl_yaml_get(map, "params")) {
        const nl_ynode *v = nl_yaml_get(map, "params");
        problem(L, v->line, v->column, "kind '%s' takes no 'params'", r->kind->name);
    }
}

/* `fix` and `examples`; a rule with a fix must show it on a fixed example. */
static void read_fix_and_examples(loader *L, nl_rule *r, const nl_ynode *map)
{
    read_fix(L, r, map);
    read_examples(L, r, map);
    if (r->nfixes > 0 && r->nfixed == 0) {
        const nl_ynode *v = nl_yaml_get(map, "fix");
        problem(L, v->line, v->column,
                "a rule with 'fix' needs at least one 'examples.fixed' pair [BEFORE, AFTER] that shows the fix");
    }
}

/* A problem when a rule already loaded has r's id. */
static void check_duplicate_id(loader *L, const nl_rule *r, const nl_ynode *map)
{
    if (!r->id)
        return;
    const nl_rule *dup = nl_ruleset_find(L->rs, r->id);
    if (dup) {
        const nl_ynode *v = nl_yaml_get(map, "id");
        problem(L, v->line, v->column, "duplicate rule id '%s' (first defined at %s:%lu)", r->id, dup->file,
                dup->line);
    }
}

/* Examples are tests: when the caller asks, run them once the rule is
   otherwise sound — unless the cache says this very rule passed them
   under the caller's key (the command line's is the program and the
   day: a pre-commit hook would otherwise pay for them on every commit).
   test-rules always runs them. A failed example is a problem. */
static void run_examples(loader *L, nl_rule *r)
{
    nl_ruleset *rs = L->rs;
    if (!rs->check_examples || rs->nproblems != L->first_problem || L->oom)
        return;
    char mark[64], body[200];
    int keyed = examples_marker(rs, r, mark, sizeof mark, body, sizeof body);
    if (keyed && nl_cache_has_mark(rs->cache_dir, mark, body))
        return;
    nl_matcher *m = NULL;
    if (nl_matcher_new(&m, rs, NULL) != NL_OK) {
        L->oom = 1;
    } else {
        nl_rule_test_examples(rs, r, m, on_example_fail, L);
        nl_matcher_free(m);
    }
    if (keyed && rs->nproblems == L->first_problem && !L->oom) {
        nl_cache_mark(rs->cache_dir, mark, body);
        nl_cache_prune(rs->cache_dir, "examples-", 2); /* a marker serves on the day it was written */
    }
}

/* Add r to the set when it has no problem (the set owns it then); else
   free it. */
static void add_rule(loader *L, nl_rule *r)
{
    nl_ruleset *rs = L->rs;
    if (rs->nproblems != L->first_problem || L->oom) {
        rule_free(r);
        return;
    }
    if (nl_grow((void **)&rs->rules, &rs->cap, rs->n, sizeof *rs->rules, 32) != 0) {
        L->oom = 1;
        rule_free(r);
        return;
    }
    rs->rules[rs->n++] = r;
}

/* A rule entry: read key by key in a fixed order (so its problems come in
   that order), its examples run, and added to the set when it has no
   problem; a rule with a problem is dropped. */
static void read_rule(loader *L, const nl_ynode *map)
{
    L->first_problem = L->rs->nproblems;
    if (map->kind != NL_Y_MAP) {
        problem(L, map->line, map->column, "a rule must be a mapping of keys (id, kind, severity, ...), not %s",
                kind_word(map));
        return;
    }
    nl_rule *r = new_rule(L, map);
    if (!r)
        return;
    check_rule_keys(L, map);
    read_identity(L, r, map);
    read_texts(L, r, map);
    read_scope(L, r, map);
    read_enabled(L, r, map);
    read_rule_patterns(L, r, map);
    read_conditions(L, r, map);
    configure_kind(L, r, map);
    read_fix_and_examples(L, r, map);
    check_duplicate_id(L, r, map);
    run_examples(L, r);
    add_rule(L, r);
}

static int cmp_rule(const void *a, const void *b)
{
    return strcmp((*(nl_rule *const *)a)->id, (*(nl_rule *const *)b)->id);
}

static nl_status finish(loader *L, size_t problems_before, nl_error *err)
{
    nl_ruleset *rs = L->rs;
    if (rs->n > 1)
        qsort(rs->rules, rs->n, sizeof *rs->rules, cmp_rule);
    /* `defer-to` names rules of the whole set, known only now */
    for (size_t i = 0; i < rs->n && !L->oom; i++) {
        const nl_rule *r = rs->rules[i];
        for (size_t k = 0; k < r->ndefer; k++)
            if (!nl_ruleset_find(rs, r->defer[k]) || strcmp(r->defer[k], r->id) == 0)
                problem_in(L, r->file, r->defer_line, r->defer_column,
                           "rule %s: 'defer-to' names '%s', which is no other loaded rule", r->id, r->defer[k]);
    }
    if (L->oom)
        return nl_error_set(err, NL_ERR_NOMEM, L->file, "out of memory");
    if (rs->nproblems > problems_before) {
        if (err)
            *err = rs->problems[problems_before];
        return NL_ERR_RULE;
    }
    return NL_OK;
}

/* An entry of a rule file: a vocabulary or a rule. */
static void read_entry(loader *L, const nl_ynode *map)
{
    if (map->kind == NL_Y_MAP && nl_yaml_get(map, "vocabulary"))
        read_vocab(L, map);
    else
        read_rule(L, map);
}

static void read_text(loader *L, const char *text, size_t len)
{
    L->text = nl_hash64(nl_hash64(NL_HASH64_INIT, L->file, strlen(L->file) + 1), text, len);
    nl_ynode *root = NULL;
    nl_error e;
    nl_status st = L->cached ? nl_yaml_parse_cached(&root, L->rs->cache_dir, L->file, text, len, &e)
                             : nl_yaml_parse(&root, L->file, text, len, &e);
    if (st == NL_ERR_NOMEM) {
        L->oom = 1;
        return;
    }
    if (st != NL_OK) {
        problem(L, e.line, e.column, "%s", e.message);
        return;
    }
    L->store = L->cached ? nl_pat_store_open(L->rs->cache_dir, L->text) : NULL;
    if (!root) {
        problem(L, 1, 1, "the file holds no rule");
    } else if (root->kind == NL_Y_SEQ) {
        if (root->n == 0)
            problem(L, root->line, root->column, "the file holds no rule");
        for (size_t i = 0; i < root->n && !L->oom; i++)
            read_entry(L, root->items[i]);
    } else {
        read_entry(L, root);
    }
    nl_pat_store_close(L->store);
    L->store = NULL;
    nl_yaml_free(root);
}

nl_status nl_ruleset_load_memory(nl_ruleset *rs, const char *name, const char *text, size_t len, nl_error *err)
{
    loader L = {rs, name, 0, 0, 0, 0, NULL}; /* a text from memory (a test, a fuzzer) is not cached */
    size_t before = rs->nproblems;
    read_text(&L, text, len);
    return finish(&L, before, err);
}

#define MAX_RULE_FILE (4u << 20)

static void read_file(loader *L, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        problem(L, 0, 0, "cannot open: %s", strerror(errno));
        return;
    }
    char *buf = malloc(MAX_RULE_FILE + 1);
    if (!buf) {
        fclose(f);
        L->oom = 1;
        return;
    }
    size_t n = fread(buf, 1, MAX_RULE_FILE + 1, f);
    int rerr = ferror(f);
    fclose(f);
    if (rerr)
        problem(L, 0, 0, "cannot read: %s", strerror(errno));
    else if (n > MAX_RULE_FILE)
        problem(L, 0, 0, "larger than %u MiB; not a rule file", MAX_RULE_FILE >> 20);
    else if (memchr(buf, '\0', n))
        problem(L, 0, 0, "contains NUL bytes; not a YAML rule file");
    else
        read_text(L, buf, n);
    free(buf);
}

nl_status nl_ruleset_load_file(nl_ruleset *rs, const char *path, nl_error *err)
{
    loader L = {rs, path, 0, 0, 0, 1, NULL};
    size_t before = rs->nproblems;
    read_file(&L, path);
    return finish(&L, before, err);
}

static int rule_file_name(const char *name)
{
    size_t n = strlen(name);
    return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int yaml_name(const char *name)
{
    /* profiles live beside the rules but are not rules; vocabularies are read first */
    if (strstr(name, "/profiles/"))
        return 0;
    return rule_file_name(name);
}

static int vocab_name(const char *name) { return rule_file_name(name); }

static int yaml_name_not_vocab(const char *name)
{
    if (strstr(name, "/vocabulary/"))
        return 0;
    return yaml_name(name);
}

typedef struct dirload {
    loader *L;
    size_t files;
} dirload;

static int on_rule_file(void *ud, const char *path, const nl_error *e)
{
    dirload *d = ud;
    d->L->file = path ? path : e->path;
    if (e) {
        problem(d->L, 0, 0, "%s", e->message);
        return 0;
    }
    d->files++;
    read_file(d->L, path);
    return d->L->oom;
}

nl_status nl_ruleset_load_dir(nl_ruleset *rs, const char *dir, nl_error *err)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return nl_error_set(err, NL_ERR_IO, dir, "cannot open rule folder: %s", strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return nl_ruleset_load_file(rs, dir, err);
    loader L = {rs, dir, 0, 0, 0, 1, NULL};
    size_t before = rs->nproblems;
    dirload d = {&L, 0};
    /* the pack's vocabularies first: rules in any file may use them */
    nl_status st = NL_OK;
    {
        size_t dl = strlen(dir);
        char *vdir = malloc(dl + sizeof "/vocabulary");
        if (!vdir)
            return nl_error_set(err, NL_ERR_NOMEM, dir, "out of memory");
        memcpy(vdir, dir, dl);
        memcpy(vdir + dl, "/vocabulary", sizeof "/vocabulary");
        struct stat vb;
        if (stat(vdir, &vb) == 0 && S_ISDIR(vb.st_mode))
            st = nl_walk_matching(vdir, vocab_name, on_rule_file, &d);
        free(vdir);
    }
    if (st == NL_OK)
        st = nl_walk_matching(dir, yaml_name_not_vocab, on_rule_file, &d);
    L.file = dir;
    if (st == NL_ERR_NOMEM)
        L.oom = 1;
    else if (d.files == 0)
        problem(&L, 0, 0, "no rule files (*.yaml, *.yml) in this folder");
    return finish(&L, before, err);
}
