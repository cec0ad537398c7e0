/*
 * config.c — the project configuration file .normlint.yaml: profile, extra
 * rule folders, rules turned on or off, severity overrides, ignored paths.
 * Found upward from a starting folder, like .editorconfig or .git.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "normlint/rules.h"
#include "rules/yaml.h"

typedef struct sev {
    char *id;
    nl_severity sev;
} sev;

struct nl_config {
    char *path, *dir, *profile, *baseline;
    int fail_on_set;
    nl_severity fail_on;
    char **rules, **enable, **disable, **ignore;
    size_t nrules, nenable, ndisable, nignore;
    sev *sevs;
    size_t nsevs;
};

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void nl_config_free(nl_config *c)
{
    if (!c)
        return;
    free(c->path);
    free(c->dir);
    free(c->profile);
    free(c->baseline);
    free_list(c->rules, c->nrules);
    free_list(c->enable, c->nenable);
    free_list(c->disable, c->ndisable);
    free_list(c->ignore, c->nignore);
    for (size_t i = 0; i < c->nsevs; i++)
        free(c->sevs[i].id);
    free(c->sevs);
    free(c);
}

int nl_config_find(const char *dir, char *buf, size_t size)
{
    char cur[4096];
    if (!realpath(dir && *dir ? dir : ".", cur))
        return 0;
    for (;;) {
        struct stat sb;
        if ((size_t)snprintf(buf, size, "%s/.normlint.yaml", strcmp(cur, "/") == 0 ? "" : cur) < size &&
            stat(buf, &sb) == 0 && S_ISREG(sb.st_mode))
            return 1;
        char *slash = strrchr(cur, '/');
        if (!slash || slash == cur) {
            if (strcmp(cur, "/") == 0)
                return 0;
            strcpy(cur, "/");
            continue;
        }
        *slash = '\0';
    }
}

static nl_status strings(const char *path, const nl_ynode *v, const char *key, char ***out, size_t *n, nl_error *err)
{
    const nl_ynode *one[1] = {v};
    const nl_ynode *const *items = one;
    size_t count = 1;
    if (v->kind == NL_Y_SEQ) {
        items = (const nl_ynode *const *)v->items;
        count = v->n;
    } else if (v->kind != NL_Y_SCALAR) {
        return nl_yaml_error(err, path, v, "'%s' must be a list of strings", key);
    }
    *out = calloc(count ? count : 1, sizeof **out);
    if (!*out)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (items[i]->kind != NL_Y_SCALAR || !items[i]->len)
            return nl_yaml_error(err, path, items[i], "each entry of '%s' must be a non-empty string", key);
        if (!((*out)[(*n)++] = strdup(items[i]->str)))
            return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    return NL_OK;
}

static nl_status read_config(nl_config *c, const nl_ynode *root, nl_error *err)
{
    const char *path = c->path;
    if (!root)
        return NL_OK; /* an empty file configures nothing */
    if (root->kind != NL_Y_MAP)
        return nl_yaml_error(err, path, root, "a config file is a mapping (profile, rules, enable, disable, severity, ignore)");
    nl_status st = NL_OK;
    for (size_t i = 0; i < root->n && st == NL_OK; i++) {
        const char *k = root->keys[i]->str;
        const nl_ynode *v = root->items[i];
        if (strcmp(k, "profile") == 0) {
            if (v->kind != NL_Y_SCALAR || !v->len)
                return nl_yaml_error(err, path, v, "'profile' must be a profile name or file");
            /* a profile file is relative to the config, like rules and ignore */
            size_t vl = strlen(v->str);
            int file = strchr(v->str, '/') || (vl > 5 && strcmp(v->str + vl - 5, ".yaml") == 0) ||
                       (vl > 4 && strcmp(v->str + vl - 4, ".yml") == 0);
            if (file && v->str[0] != '/') {
                size_t len = strlen(c->dir) + vl + 2;
                if ((c->profile = malloc(len)))
                    snprintf(c->profile, len, "%s/%s", c->dir, v->str);
            } else {
                c->profile = strdup(v->str);
            }
        } else if (strcmp(k, "rules") == 0) {
            st = strings(path, v, k, &c->rules, &c->nrules, err);
            for (size_t j = 0; st == NL_OK && j < c->nrules; j++)
                if (c->rules[j][0] != '/') {
                    size_t len = strlen(c->dir) + strlen(c->rules[j]) + 2;
                    char *full = malloc(len);
                    if (!full)
                        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
                    snprintf(full, len, "%s/%s", c->dir, c->rules[j]);
                    free(c->rules[j]);
                    c->rules[j] = full;
                }
        } else if (strcmp(k, "baseline") == 0) {
            if (v->kind != NL_Y_SCALAR || !v->len)
                return nl_yaml_error(err, path, v, "'baseline' must be the path of a baseline file");
            size_t len = strlen(c->dir) + strlen(v->str) + 2;
            if (!(c->baseline = malloc(len)))
                return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
            snprintf(c->baseline, len, "%s%s%s", v->str[0] == '/' ? "" : c->dir, v->str[0] == '/' ? "" : "/", v->str);
        } else if (strcmp(k, "fail-on") == 0) {
            if (v->kind != NL_Y_SCALAR || !nl_severity_parse(v->str, &c->fail_on))
                return nl_yaml_error(err, path, v, "'fail-on' must be error, warning or info");
            c->fail_on_set = 1;
        } else if (strcmp(k, "enable") == 0) {
            st = strings(path, v, k, &c->enable, &c->nenable, err);
        } else if (strcmp(k, "disable") == 0) {
            st = strings(path, v, k, &c->disable, &c->ndisable, err);
        } else if (strcmp(k, "ignore") == 0) {
            st = strings(path, v, k, &c->ignore, &c->nignore, err);
        } else if (strcmp(k, "severity") == 0) {
            if (v->kind != NL_Y_MAP)
                return nl_yaml_error(err, path, v, "'severity' must map rule ids to error, warning or info");
            c->sevs = calloc(v->n ? v->n : 1, sizeof *c->sevs);
            if (!c->sevs)
                return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
            for (size_t j = 0; j < v->n; j++) {
                nl_severity s;
                if (v->items[j]->kind != NL_Y_SCALAR || !nl_severity_parse(v->items[j]->str, &s))
                    return nl_yaml_error(err, path, v->items[j], "severity of '%s' must be error, warning or info",
                               v->keys[j]->str);
                c->sevs[c->nsevs].id = strdup(v->keys[j]->str);
                c->sevs[c->nsevs++].sev = s;
            }
        } else {
            return nl_yaml_error(err, path, root->keys[i],
                       "unknown key '%s' in a config file (expected profile, rules, enable, disable, severity, "
                       "ignore, baseline, fail-on)", k);
        }
    }
    return st;
}

nl_status nl_config_load(nl_config **out, const char *path, nl_error *err)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return nl_error_set(err, NL_ERR_IO, path, "cannot open config file");
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf, f);
    int big = n == sizeof buf;
    fclose(f);
    if (big)
        return nl_error_set(err, NL_ERR_RULE, path, "config file larger than 64 KiB");
    nl_config *c = calloc(1, sizeof *c);
    if (!c || !(c->path = strdup(path))) {
        free(c);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    const char *slash = strrchr(path, '/');
    c->dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
    nl_ynode *root = NULL;
    nl_status st = c->dir ? nl_yaml_parse(&root, path, buf, n, err) : NL_ERR_NOMEM;
    if (st == NL_OK)
        st = read_config(c, root, err);
    nl_yaml_free(root);
    if (st != NL_OK) {
        nl_config_free(c);
        return st;
    }
    *out = c;
    return NL_OK;
}

const char *nl_config_path(const nl_config *c) { return c->path; }
const char *nl_config_profile(const nl_config *c) { return c->profile; }
const char *nl_config_baseline(const nl_config *c) { return c->baseline; }
size_t nl_config_ignore_count(const nl_config *c) { return c->nignore; }
const char *nl_config_ignore(const nl_config *c, size_t i) { return i < c->nignore ? c->ignore[i] : NULL; }
int nl_config_fail_on(const nl_config *c, nl_severity *out)
{
    if (c->fail_on_set)
        *out = c->fail_on;
    return c->fail_on_set;
}
size_t nl_config_rules_count(const nl_config *c) { return c->nrules; }
const char *nl_config_rules(const nl_config *c, size_t i) { return i < c->nrules ? c->rules[i] : NULL; }

nl_status nl_config_apply(const nl_config *c, nl_ruleset *rs, nl_error *err)
{
    for (size_t i = 0; i < c->ndisable; i++)
        if (nl_ruleset_set_enabled(rs, c->disable[i], 0, err) != NL_OK)
            return nl_error_set(err, NL_ERR_RULE, c->path, "disable: no rule '%s' is loaded", c->disable[i]);
    for (size_t i = 0; i < c->nenable; i++)
        if (nl_ruleset_set_enabled(rs, c->enable[i], 1, err) != NL_OK)
            return nl_error_set(err, NL_ERR_RULE, c->path, "enable: no rule '%s' is loaded", c->enable[i]);
    for (size_t i = 0; i < c->nsevs; i++)
        if (nl_ruleset_set_severity(rs, c->sevs[i].id, c->sevs[i].sev, err) != NL_OK)
            return nl_error_set(err, NL_ERR_RULE, c->path, "severity: no rule '%s' is loaded", c->sevs[i].id);
    return NL_OK;
}

int nl_config_ignored(const nl_config *c, const char *path)
{
    return nl_config_ignore_match(c, path) != NULL;
}

const char *nl_config_ignore_match(const nl_config *c, const char *path)
{
    /* globs are relative to the config's folder: compare absolute paths */
    char abs[4096], dir[4096];
    const char *full = realpath(path, abs) ? abs : path;
    const char *base = realpath(c->dir, dir) ? dir : c->dir;
    const char *rel = full;
    size_t dl = strlen(base);
    if (strncmp(full, base, dl) == 0 && full[dl] == '/')
        rel = full + dl + 1;
    while (rel[0] == '.' && rel[1] == '/')
        rel += 2;
    for (size_t i = 0; i < c->nignore; i++)
        if (fnmatch(c->ignore[i], rel, 0) == 0 || fnmatch(c->ignore[i], path, 0) == 0)
            return c->ignore[i];
    return NULL;
}
