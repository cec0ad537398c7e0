/*
 * rx_rust.c — a rule pattern (PCRE2 syntax) in the syntax of Rust's regex
 * crate, ripgrep's default engine (nl_pattern_to_rust in rules.h, which says
 * what is exact, widened and unsupported), for `rules --export-patterns`.
 *
 * A recursive-descent pass over the PCRE2 source that writes the Rust
 * equivalent as it goes. It only has to handle patterns PCRE2 already
 * compiled, so it does not diagnose syntax errors; what it must get right is
 * meaning: every capturing group becomes non-capturing (captures do not change
 * what matches, and names and branch resets then need no translation), every
 * literal is re-escaped for Rust (which rejects escapes of non-meta
 * characters such as \/ and reads [ inside a class as a nested class), and
 * each atom reports whether it consumes text, so that a quantified assertion
 * and a pattern left matching the empty string are recognised.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"
#include "normlint/rules.h"

/* PCRE2's \h and \v (horizontal and vertical white space), as class items. */
#define H_ITEMS "\\t\\x{20}\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}"
#define V_ITEMS "\\n\\x{B}\\x{C}\\r\\x{85}\\x{2028}\\x{2029}"

typedef struct tr {
    const char *s; /* the PCRE2 pattern */
    size_t i;      /* read position in s */
    nl_buf o;      /* the Rust pattern written so far (o.n is rolled back to drop output) */
    int widened;     /* an assertion was dropped */
    const char *bad; /* why it cannot be expressed (first reason) */
    int xmode;       /* PCRE2 extended mode (x) in force: white space and # comments are not pattern */
} tr;

/* What an atom or a sequence of atoms can match. */
typedef struct atom {
    int consumes; /* can match at least one character */
    int nullable; /* can match the empty string */
} atom;

static void put(tr *t, const char *s, size_t len) { nl_buf_put(&t->o, s, len); }

static void puts_(tr *t, const char *s) { put(t, s, strlen(s)); }

static void fail(tr *t, const char *why)
{
    if (!t->bad)
        t->bad = why;
}

/* Decode the code point at t->i (valid UTF-8: PCRE2 checked it). */
static uint32_t next_cp(tr *t)
{
    uint32_t c = 0;
    size_t k = nl_utf8_decode(t->s + t->i, strlen(t->s + t->i), &c);
    t->i += k ? k : 1;
    return c;
}

/* Write one literal code point, escaped as Rust needs it in or out of a class. */
static void put_cp(tr *t, uint32_t cp, int in_class)
{
    char b[16];
    if (cp > 0x20 && cp < 0x7F) {
        const char *meta = in_class ? "\\[]^-&~" : "\\.+*?()|[]{}^$#&-~";
        size_t k = 0;
        if (strchr(meta, (int)cp))
            b[k++] = '\\';
        b[k++] = (char)cp;
        put(t, b, k);
    } else if (cp == '\t' || cp == '\n' || cp == '\r') {
        b[0] = '\\';
        b[1] = cp == '\t' ? 't' : cp == '\n' ? 'n' : 'r';
        put(t, b, 2);
    } else if (cp < 0xA0 || cp == 0x2028 || cp == 0x2029) {
        snprintf(b, sizeof b, "\\x{%X}", (unsigned)cp); /* controls, space, line separators: visible and unambiguous */
        puts_(t, b);
    } else {
        put(t, b, nl_utf8_encode(cp, b));
    }
}

static int hexval(int c) { return isdigit(c) ? c - '0' : isxdigit(c) ? (tolower(c) - 'a' + 10) : -1; }

/* ---- escapes ---- */

typedef enum { E_CHAR, E_SET, E_ASSERT, E_DROP, E_QUOTE, E_NONE, E_BAD } ekind;

typedef struct esc {
    ekind kind;
    uint32_t cp;   /* E_CHAR */
    char set[96];  /* E_SET, E_ASSERT: Rust text, valid in and out of a class */
    const char *why; /* E_BAD */
} esc;

static esc set_of(const char *text, ekind kind)
{
    esc e = {.kind = kind};
    snprintf(e.set, sizeof e.set, "%s", text);
    return e;
}

/* Scripts a rule is likely to name. PCRE2 (10.40 on) matches a bare script
   name by Script_Extensions, so \p{Han} also takes 。、《》; Rust's \p{Han} is
   the Script property, hence scx. Other names pass through. */
static int is_script(const char *name)
{
    static const char *const scripts[] = {"Han",     "Hani",     "Latin",    "Latn",   "Greek", "Grek", "Cyrillic",
                                          "Cyrl",    "Hiragana", "Hira",     "Katakana", "Kana", "Hangul", "Hang",
                                          "Bopomofo", "Bopo",    "Arabic",   "Arab",   "Tibetan", "Tibt", "Mongolian",
                                          "Mong",    "Yi",       "Yiii",     "Common", "Zyyy"};
    for (size_t k = 0; k < sizeof scripts / sizeof *scripts; k++)
        if (strcmp(name, scripts[k]) == 0)
            return 1;
    return 0;
}

/* \p / \P with t->i after the letter. */
static esc read_property(tr *t, int neg)
{
    char name[64];
    size_t k = 0;
    if (t->s[t->i] == '{') {
        t->i++;
        while (t->s[t->i] && t->s[t->i] != '}' && k + 1 < sizeof name)
            name[k++] = t->s[t->i++];
        if (t->s[t->i] == '}')
            t->i++;
    } else if (t->s[t->i]) {
        name[k++] = t->s[t->i++];
    }
    name[k] = '\0';
    const char *nm = name;
    if (*nm == '^') {
        neg = !neg;
        nm++;
    }
    char buf[96];
    if (strcmp(nm, "Xan") == 0)
        snprintf(buf, sizeof buf, "[%s\\p{L}\\p{N}]", neg ? "^" : "");
    else if (strcmp(nm, "Xwd") == 0)
        snprintf(buf, sizeof buf, "[%s\\p{L}\\p{N}_]", neg ? "^" : "");
    else if (strcmp(nm, "Xsp") == 0 || strcmp(nm, "Xps") == 0)
        snprintf(buf, sizeof buf, "%s", neg ? "\\S" : "\\s");
    else if (strcmp(nm, "L&") == 0 || strcmp(nm, "L_") == 0 || strcmp(nm, "LC") == 0)
        snprintf(buf, sizeof buf, "[%s\\p{Lu}\\p{Ll}\\p{Lt}]", neg ? "^" : "");
    else if (strcmp(nm, "Xuc") == 0)
        return (esc){.kind = E_BAD, .why = "\\p{Xuc}"};
    else if (is_script(nm))
        snprintf(buf, sizeof buf, "\\%c{scx=%s}", neg ? 'P' : 'p', nm);
    else
        snprintf(buf, sizeof buf, "\\%c{%s}", neg ? 'P' : 'p', nm);
    return set_of(buf, E_SET);
}

/* The code point of an escape that names one by its code (\n, \cX, \x{hh},
   \o{oo}) with the letter c just read: 1, or 0 when c is no such letter. */
static int code_escape(tr *t, int c, uint32_t *cp)
{
    static const char letters[] = "aefnrt";
    static const uint32_t codes[] = {7, 0x1B, 0x0C, 0x0A, 0x0D, 0x09};
    const char *s = t->s, *l = c ? strchr(letters, c) : NULL;
    if (l) {
        *cp = codes[l - letters];
        return 1;
    }
    *cp = 0;
    if (c == 'c') {
        *cp = (uint32_t)(toupper((unsigned char)s[t->i]) ^ 0x40);
        if (s[t->i])
            t->i++;
    } else if (c == 'x' && s[t->i] == '{') {
        for (t->i++; hexval((unsigned char)s[t->i]) >= 0;)
            *cp = *cp * 16 + (uint32_t)hexval((unsigned char)s[t->i++]);
        if (s[t->i] == '}')
            t->i++;
    } else if (c == 'x') {
        for (int k = 0; k < 2 && hexval((unsigned char)s[t->i]) >= 0; k++)
            *cp = *cp * 16 + (uint32_t)hexval((unsigned char)s[t->i++]);
    } else if (c == 'o') {
        if (s[t->i] == '{') {
            for (t->i++; s[t->i] >= '0' && s[t->i] <= '7';)
                *cp = *cp * 8 + (uint32_t)(s[t->i++] - '0');
            if (s[t->i] == '}')
                t->i++;
        }
    } else {
        return 0;
    }
    return 1;
}

/* Read the escape after a backslash (t->i is past the backslash). */
static esc read_escape(tr *t, int in_class)
{
    const char *s = t->s;
    int c = (unsigned char)s[t->i];
    esc e = {.kind = E_CHAR};
    if (c == '\0')
        return (esc){.kind = E_BAD, .why = "a trailing backslash"};
    if (c >= 0x80) { /* an escaped non-ASCII character is itself */
        e.cp = next_cp(t);
        return e;
    }
    t->i++;
    switch (c) {
    case 'Q': return (esc){.kind = E_QUOTE};
    case 'E': return (esc){.kind = E_NONE};
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S': {
        char b[3] = {'\\', (char)c, '\0'};
        return set_of(b, E_SET);
    }
    case 'h': return set_of("[" H_ITEMS "]", E_SET);
    case 'H': return set_of("[^" H_ITEMS "]", E_SET);
    case 'v': return set_of("[" V_ITEMS "]", E_SET);
    case 'V': return set_of("[^" V_ITEMS "]", E_SET);
    case 'R':
        /* \r\n would be one match of two characters; the class matches at the same places */
        t->widened = 1;
        return set_of("[" V_ITEMS "]", E_SET);
    case 'N':
        if (s[t->i] == '{') { /* \N{U+hhhh} */
            uint32_t v = 0;
            t->i++;
            if (s[t->i] == 'U' && s[t->i + 1] == '+')
                t->i += 2;
            while (hexval((unsigned char)s[t->i]) >= 0)
                v = v * 16 + (uint32_t)hexval((unsigned char)s[t->i++]);
            if (s[t->i] == '}')
                t->i++;
            e.cp = v;
            return e;
        }
        return set_of("[^\\n]", E_SET);
    case 'p': case 'P': return read_property(t, c == 'P');
    case 'b':
        if (in_class) {
            e.cp = 8;
            return e;
        }
        return set_of("\\b", E_ASSERT);
    case 'B': return set_of("\\B", E_ASSERT);
    case 'A': return set_of("\\A", E_ASSERT);
    case 'z': return set_of("\\z", E_ASSERT);
    case 'Z': return set_of("$", E_ASSERT); /* end or before a final newline: ripgrep's subject is a line */
    case 'K': return (esc){.kind = E_DROP};
    case 'G': return (esc){.kind = E_BAD, .why = "\\G"};
    case 'X': return (esc){.kind = E_BAD, .why = "\\X (a grapheme cluster)"};
    case 'C': return (esc){.kind = E_BAD, .why = "\\C (one code unit)"};
    case 'g': case 'k': return (esc){.kind = E_BAD, .why = "a back-reference or subroutine call"};
    default:
        if (code_escape(t, c, &e.cp))
            return e;
        break;
    }
    if (c >= '1' && c <= '9' && !in_class)
        return (esc){.kind = E_BAD, .why = "a back-reference"};
    if (c >= '0' && c <= '7') { /* octal: \0, \0oo, and in a class \ooo */
        e.cp = (uint32_t)(c - '0');
        for (int k = 0; k < 2 && s[t->i] >= '0' && s[t->i] <= '7'; k++)
            e.cp = e.cp * 8 + (uint32_t)(s[t->i++] - '0');
        return e;
    }
    if (isalnum(c)) /* \8 \9 in a class, or a letter PCRE2 would have refused */
        return isdigit(c) ? (esc){.kind = E_CHAR, .cp = (uint32_t)c} : (esc){.kind = E_BAD, .why = "an unknown escape"};
    e.cp = (uint32_t)c; /* escaped punctuation or space is itself */
    return e;
}

/* ---- character classes ---- */

/* A POSIX class [:name:] or [:^name:] at t->i (inside a class), as PCRE2
   reads it under UCP. Returns 0 when t->i is not at one. */
static int posix_class(tr *t)
{
    static const struct {
        const char *name, *items;
    } map[] = {
        {"alnum", "\\p{L}\\p{N}"}, {"alpha", "\\p{L}"},   {"blank", H_ITEMS},    {"cntrl", "\\p{Cc}"},
        {"digit", "\\p{Nd}"},      {"lower", "\\p{Ll}"},  {"upper", "\\p{Lu}"},  {"space", "\\s"},
        {"word", "\\p{L}\\p{N}_"}, {"xdigit", "0-9A-Fa-f"}, {"ascii", "\\x{0}-\\x{7F}"},
    };
    const char *p = t->s + t->i;
    if (p[0] != '[' || p[1] != ':')
        return 0;
    const char *q = p + 2;
    int neg = *q == '^';
    if (neg)
        q++;
    const char *name = q;
    while (isalpha((unsigned char)*q))
        q++;
    if (q[0] != ':' || q[1] != ']')
        return 0;
    size_t len = (size_t)(q - name);
    t->i = (size_t)(q + 2 - t->s);
    for (size_t k = 0; k < sizeof map / sizeof *map; k++)
        if (strlen(map[k].name) == len && strncmp(map[k].name, name, len) == 0) {
            puts_(t, neg ? "[^" : "[");
            puts_(t, map[k].items);
            puts_(t, "]");
            return 1;
        }
    fail(t, "a POSIX class without a Unicode equivalent (graph, print, punct)");
    return 1;
}

/* One class item that is a single character, at t->i: 1 and *cp, or 0 (and
   t->i unchanged) when the item is something else. */
static int class_char(tr *t, uint32_t *cp)
{
    size_t save = t->i;
    if (t->s[t->i] == '[' && t->s[t->i + 1] == ':')
        return 0;
    if (t->s[t->i] != '\\') {
        *cp = next_cp(t);
        return 1;
    }
    t->i++;
    esc e = read_escape(t, 1);
    if (e.kind == E_CHAR) {
        *cp = e.cp;
        return 1;
    }
    t->i = save;
    return 0;
}

/* A class; t->i is past the '['. */
static void parse_class(tr *t)
{
    puts_(t, "[");
    if (t->s[t->i] == '^') {
        puts_(t, "^");
        t->i++;
    }
    for (int first = 1; !t->bad && !t->o.oom; first = 0) {
        char c = t->s[t->i];
        if (c == '\0') {
            fail(t, "an unterminated class");
            return;
        }
        if (c == ']' && !first) {
            t->i++;
            break;
        }
        if (posix_class(t))
            continue;
        uint32_t lo, hi;
        if (class_char(t, &lo)) {
            size_t save = t->i;
            if (t->s[t->i] == '-' && t->s[t->i + 1] != ']' && t->s[t->i + 1] != '\0') {
                t->i++;
                if (class_char(t, &hi)) {
                    put_cp(t, lo, 1);
                    puts_(t, "-");
                    put_cp(t, hi, 1);
                    continue;
                }
                t->i = save; /* '-' before a class escape is literal */
            }
            put_cp(t, lo, 1);
            continue;
        }
        /* an escape that is not a single character */
        t->i++;
        esc e = read_escape(t, 1);
        switch (e.kind) {
        case E_SET: puts_(t, e.set); break;
        case E_QUOTE:
            while (t->s[t->i] && !(t->s[t->i] == '\\' && t->s[t->i + 1] == 'E'))
                put_cp(t, next_cp(t), 1);
            if (t->s[t->i])
                t->i += 2;
            break;
        case E_NONE: break;
        case E_BAD: fail(t, e.why); break;
        default: fail(t, "an escape PCRE2 refuses in a class"); break;
        }
    }
    puts_(t, "]");
}

/* ---- groups, atoms, sequences ---- */

static atom parse_alt(tr *t);

/* In extended mode, skip white space and # comments. */
static void skip_x(tr *t)
{
    while (t->xmode) {
        char c = t->s[t->i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            t->i++;
        } else if (c == '#') {
            while (t->s[t->i] && t->s[t->i] != '\n')
                t->i++;
        } else {
            break;
        }
    }
}

/* The body of a group up to its ')': written after `open`, or parsed and
   dropped (a look-around). */
static int group_body(tr *t, atom *b, const char *open, int drop, int xmode_inside)
{
    int saved_x = t->xmode;
    size_t at = t->o.n;
    puts_(t, open);
    t->xmode = xmode_inside;
    atom in = parse_alt(t);
    t->xmode = saved_x;
    if (t->bad || t->o.oom)
        return 0;
    if (t->s[t->i] != ')') {
        fail(t, "unbalanced parentheses");
        return 0;
    }
    t->i++;
    if (drop) {
        t->o.n = at;
        t->widened = 1;
        *b = (atom){0, 1};
        return 1;
    }
    puts_(t, ")");
    *b = in;
    return 1;
}

/* Skip to the ')' that closes a group without pattern in it (comment, callout, option verb). */
static int skip_group(tr *t)
{
    while (t->s[t->i] && t->s[t->i] != ')')
        t->i++;
    if (t->s[t->i])
        t->i++;
    return 0;
}

static int name_is(const char *p, size_t len, const char *const *names)
{
    for (; *names; names++)
        if (strlen(*names) == len && strncmp(p, *names, len) == 0)
            return 1;
    return 0;
}

/* (*VERB) and (*name: ...) groups; t->i at '('. */
static int parse_verb(tr *t, atom *b)
{
    static const char *const look[] = {"pla", "positive_lookahead", "nla", "negative_lookahead", "plb",
                                       "positive_lookbehind", "nlb", "negative_lookbehind", "napla",
                                       "non_atomic_positive_lookahead", "naplb", "non_atomic_positive_lookbehind",
                                       NULL};
    static const char *const widen[] = {"atomic", "sr", "script_run", "asr", "atomic_script_run", NULL};
    static const char *const options[] = {"UTF", "UTF8", "UCP", "NO_AUTO_POSSESS", "NO_START_OPT",
                                          "NO_DOTSTAR_ANCHOR", "NO_JIT", "NOTEMPTY", "NOTEMPTY_ATSTART",
                                          "LIMIT_MATCH", "LIMIT_DEPTH", "LIMIT_HEAP", "LIMIT_RECURSION", "CR", "LF",
                                          "CRLF", "ANYCRLF", "ANY", "NUL", "BSR_ANYCRLF", "BSR_UNICODE", NULL};
    const char *name = t->s + t->i + 2;
    size_t len = 0;
    while (isalnum((unsigned char)name[len]) || name[len] == '_')
        len++;
    char after = name[len];
    if (after == ':' && name_is(name, len, look)) {
        t->i += 2 + len + 1;
        return group_body(t, b, "", 1, t->xmode);
    }
    if (after == ':' && name_is(name, len, widen)) {
        t->i += 2 + len + 1;
        t->widened = 1;
        return group_body(t, b, "(?:", 0, t->xmode);
    }
    if ((after == ')' || after == '=') && name_is(name, len, options))
        return skip_group(t);
    fail(t, "a backtracking control verb");
    return 0;
}

/* (?flags) or (?flags: ...); p points after "(?". */
static int parse_flags(tr *t, atom *b, const char *p)
{
    char on[8] = "", off[8] = "";
    int neg = 0, x = t->xmode;
    if (*p == '^') { /* unset imnsx */
        strcpy(off, "ims");
        x = 0;
        p++;
    }
    for (; *p && *p != ')' && *p != ':'; p++) {
        char *set = neg ? off : on;
        switch (*p) {
        case '-': neg = 1; break;
        case 'i': case 'm': case 's': case 'U':
            if (!strchr(set, *p))
                strncat(set, p, 1);
            break;
        case 'x':
            if (p[1] == 'x') {
                fail(t, "extended-more mode (?xx)");
                return 0;
            }
            x = !neg;
            break;
        case 'n': case 'J': break; /* capture numbering and names: all groups become non-capturing */
        default: fail(t, "an unknown option letter"); return 0;
        }
    }
    char open[24];
    if (*on || *off)
        snprintf(open, sizeof open, "(?%s%s%s", on, *off ? "-" : "", off);
    else
        open[0] = '\0';
    t->i = (size_t)(p - t->s) + 1;
    if (*p == ')') { /* applies to the rest of the enclosing group */
        if (*open) {
            puts_(t, open);
            puts_(t, ")");
        }
        t->xmode = x;
        return 0;
    }
    if (*p != ':') {
        fail(t, "unbalanced parentheses");
        return 0;
    }
    if (*open)
        strcat(open, ":");
    else
        strcpy(open, "(?:");
    return group_body(t, b, open, 0, x);
}

/* A named group (its name starts at `name`): non-capturing, like every group. */
static int named_group(tr *t, atom *b, const char *name, char close)
{
    const char *q = strchr(name, close);
    if (!q) {
        fail(t, "an unterminated group name");
        return 0;
    }
    t->i = (size_t)(q + 1 - t->s);
    return group_body(t, b, "(?:", 0, t->xmode);
}

/* A group; t->i at '('. Returns 1 when it is an atom (may take a quantifier). */
static int parse_group(tr *t, atom *b)
{
    const char *g = t->s + t->i;
    if (g[1] == '*')
        return parse_verb(t, b);
    if (g[1] != '?') {
        t->i += 1;
        return group_body(t, b, "(?:", 0, t->xmode);
    }
    const char *p = g + 2;
    switch (*p) {
    case '#': return skip_group(t);
    case 'C': return skip_group(t); /* a callout does not change what matches */
    case ':':
    case '|': /* branch reset only renumbers captures */
        t->i += 3;
        return group_body(t, b, "(?:", 0, t->xmode);
    case '>':
        t->i += 3;
        t->widened = 1;
        return group_body(t, b, "(?:", 0, t->xmode);
    case '=':
    case '!':
        t->i += 3;
        return group_body(t, b, "", 1, t->xmode);
    case '<':
        if (p[1] == '=' || p[1] == '!') {
            t->i += 4;
            return group_body(t, b, "", 1, t->xmode);
        }
        return named_group(t, b, p + 1, '>');
    case '\'': return named_group(t, b, p + 1, '\'');
    case 'P':
        if (p[1] == '<')
            return named_group(t, b, p + 2, '>');
        fail(t, p[1] == '=' ? "a back-reference" : "a subroutine call");
        return 0;
    case 'R': case '&': case '+': fail(t, "recursion or a subroutine call"); return 0;
    case '(': fail(t, "a conditional group"); return 0;
    case '-':
        if (isdigit((unsigned char)p[1])) {
            fail(t, "recursion or a subroutine call");
            return 0;
        }
        return parse_flags(t, b, p);
    default:
        if (isdigit((unsigned char)*p)) {
            fail(t, "recursion or a subroutine call");
            return 0;
        }
        return parse_flags(t, b, p);
    }
}

/* An atom at t->i. Returns 1 when it is one (a quantifier may follow), 0
   when it was something else (an option setting, a comment, \K, \E). */
static int parse_atom(tr *t, atom *b)
{
    char c = t->s[t->i];
    *b = (atom){1, 0};
    switch (c) {
    case '(': return parse_group(t, b);
    case '[':
        t->i++;
        parse_class(t);
        return 1;
    case '.':
        t->i++;
        puts_(t, ".");
        return 1;
    case '^':
    case '$':
        t->i++;
        put(t, &c, 1);
        *b = (atom){0, 1};
        return 1;
    case '\\': {
        t->i++;
        esc e = read_escape(t, 0);
        switch (e.kind) {
        case E_CHAR:
            if (e.cp == '\n') {
                fail(t, "a line feed (ripgrep matches within one line)");
                return 0;
            }
            put_cp(t, e.cp, 0);
            return 1;
        case E_SET: puts_(t, e.set); return 1;
        case E_ASSERT:
            puts_(t, e.set);
            *b = (atom){0, 1};
            return 1;
        case E_DROP: t->widened = 1; return 0;
        case E_QUOTE: {
            int any = 0;
            while (t->s[t->i] && !(t->s[t->i] == '\\' && t->s[t->i + 1] == 'E')) {
                put_cp(t, next_cp(t), 0);
                any = 1;
            }
            if (t->s[t->i])
                t->i += 2;
            return any;
        }
        case E_NONE: return 0;
        case E_BAD: fail(t, e.why); return 0;
        }
        return 0;
    }
    default: {
        uint32_t cp = next_cp(t);
        if (cp == '\n') {
            fail(t, "a line feed (ripgrep matches within one line)");
            return 0;
        }
        put_cp(t, cp, 0);
        return 1;
    }
    }
}

/* A quantifier at t->i: writes its Rust form to q and the minimum to *min.
   Returns 0 when there is none ('{' not followed by a count is a literal). */
static int parse_quant(tr *t, char *q, size_t qsize, unsigned long *min, int *possessive)
{
    const char *p = t->s + t->i;
    const char *end = p + 1;
    *possessive = 0;
    if (*p == '*' || *p == '+' || *p == '?') {
        *min = *p == '+' ? 1 : 0;
        snprintf(q, qsize, "%c", *p);
    } else if (*p == '{' && isdigit((unsigned char)p[1])) {
        char *e;
        unsigned long lo = strtoul(p + 1, &e, 10), hi = 0;
        int open = 0, has_hi = 0;
        if (*e == ',') {
            e++;
            open = 1;
            if (isdigit((unsigned char)*e)) {
                hi = strtoul(e, &e, 10);
                has_hi = 1;
            }
        }
        if (*e != '}')
            return 0;
        end = e + 1;
        *min = lo;
        if (!open)
            snprintf(q, qsize, "{%lu}", lo);
        else if (has_hi)
            snprintf(q, qsize, "{%lu,%lu}", lo, hi);
        else
            snprintf(q, qsize, "{%lu,}", lo);
    } else {
        return 0;
    }
    if (*end == '?') {
        strncat(q, "?", qsize - strlen(q) - 1);
        end++;
    } else if (*end == '+') {
        *possessive = 1;
        end++;
    }
    t->i = (size_t)(end - t->s);
    return 1;
}

static atom parse_seq(tr *t)
{
    atom a = {0, 1};
    for (;;) {
        skip_x(t);
        char c = t->s[t->i];
        if (c == '\0' || c == '|' || c == ')' || t->bad || t->o.oom)
            break;
        size_t at = t->o.n;
        atom b;
        if (!parse_atom(t, &b))
            continue;
        skip_x(t);
        char q[48];
        unsigned long min;
        int possessive;
        if (parse_quant(t, q, sizeof q, &min, &possessive)) {
            if (!b.consumes) {
                if (min == 0) /* an optional assertion asserts nothing */
                    t->o.n = at;
            } else {
                puts_(t, q);
                if (possessive)
                    t->widened = 1;
                if (min == 0)
                    b.nullable = 1;
            }
        }
        a.consumes |= b.consumes;
        a.nullable &= b.nullable;
    }
    return a;
}

static atom parse_alt(tr *t)
{
    atom a = parse_seq(t);
    while (t->s[t->i] == '|' && !t->bad && !t->o.oom) {
        t->i++;
        puts_(t, "|");
        atom b = parse_seq(t);
        a.consumes |= b.consumes;
        a.nullable |= b.nullable;
    }
    return a;
}

int nl_pattern_to_rust(char **out, const char **why, const char *src)
{
    tr t = {.s = src};
    *out = NULL;
    *why = NULL;
    atom a = parse_alt(&t);
    if (!t.bad && t.s[t.i] == ')')
        fail(&t, "unbalanced parentheses");
    if (!t.bad && a.nullable)
        fail(&t, t.widened ? "matches the empty string without its look-around" : "matches the empty string");
    put(&t, "", 0); /* NUL-terminated at its (possibly rolled back) length */
    if (t.o.oom || t.bad || !t.o.p) {
        int rc = t.bad ? NL_RX_UNSUPPORTED : NL_RX_NOMEM;
        nl_buf_free(&t.o);
        *why = t.bad;
        return rc;
    }
    *out = t.o.p;
    return t.widened ? NL_RX_WIDENED : NL_RX_EXACT;
}
