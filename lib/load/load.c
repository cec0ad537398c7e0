/*
 * load.c — the front door of loading: files and memory in, a recognised
 * nl_doc out.
 *
 * nl_load_path() refuses what is not a regular file before reading a byte
 * (directories, FIFOs and devices would hang or never end), checks the size
 * cap against fstat() so a 5 GB file costs nothing, and reads the whole file
 * into memory: loaders and the model want contiguous bytes, and the cap keeps
 * that bounded. nl_load_memory() then asks each loader in the table whether
 * it reads the bytes; plain text is last because it accepts anything. Adding
 * a format is one loader file and one row in `loaders`; the row names the
 * extensions that directory walks take.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "load/loader.h"

/* Most specific first: the first loader whose sniff accepts the bytes wins.
   OFD goes first: its sniff reads the ZIP's central directory for OFD.xml,
   where DOCX's looks for its part's name anywhere in the bytes (a DOCX
   stored uncompressed as an OFD attachment would pass for one). */
static const nl_loader *const loaders[] = {&nl_loader_ofd,    &nl_loader_docx,        &nl_loader_odt,  &nl_loader_pdf,
                                           &nl_loader_legacy, &nl_loader_unsupported, &nl_loader_html, &nl_loader_xml,
                                           &nl_loader_text};


/* Largest single read(): POSIX leaves counts above SSIZE_MAX undefined. */
#define READ_CHUNK ((size_t)1 << 30)

static size_t cap_of(const nl_load_opts *opts)
{
    return opts && opts->max_size ? opts->max_size : NL_DEFAULT_MAX_SIZE;
}

void nl_load_human_size(uintmax_t n, char *buf, size_t bufsize)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (n < 1024) {
        snprintf(buf, bufsize, "%ju byte%s", n, n == 1 ? "" : "s");
        return;
    }
    double v = (double)n / 1024;
    size_t u = 0;
    while (v >= 1024 && u + 1 < sizeof units / sizeof units[0]) {
        v /= 1024;
        u++;
    }
    snprintf(buf, bufsize, "%.1f %s", v, units[u]);
}

static nl_status too_large(nl_error *err, const char *path, uintmax_t size, uintmax_t limit)
{
    char a[48], b[48];
    nl_load_human_size(size, a, sizeof a);
    nl_load_human_size(limit, b, sizeof b);
    /* 64 MiB + 1 byte would read "64.0 MiB, larger than the 64.0 MiB limit" */
    if (strcmp(a, b) == 0) {
        snprintf(a, sizeof a, "%ju bytes", size);
        snprintf(b, sizeof b, "%ju bytes", limit);
    }
    return nl_error_set(err, NL_ERR_TOO_LARGE, path, "is %s, larger than the %s limit (--max-size)", a,
                        b);
}

/* Why a non-regular file is refused, or NULL for a regular file. */
static const char *not_regular(mode_t mode)
{
    if (S_ISREG(mode))
        return NULL;
    if (S_ISDIR(mode))
        return "is a directory";
    if (S_ISFIFO(mode))
        return "is not a regular file (FIFO)";
    if (S_ISCHR(mode))
        return "is not a regular file (character device)";
    if (S_ISBLK(mode))
        return "is not a regular file (block device)";
    if (S_ISSOCK(mode))
        return "is not a regular file (socket)";
    return "is not a regular file";
}

/* Read fd to the end into a malloc'd buffer. `hint` is the size fstat saw;
 * the loop does not trust it (the file may grow, /proc files say 0), and
 * reads at most limit + 1 bytes so that growth past the cap is noticed. */
static nl_status read_all(int fd, const char *path, uintmax_t hint, size_t limit, unsigned char **out,
                          size_t *outlen, nl_error *err)
{
    size_t stop = limit < SIZE_MAX ? limit + 1 : SIZE_MAX;
    size_t cap = hint > 0 && hint < stop ? (size_t)hint + 1 : 64 * 1024;
    size_t len = 0;
    nl_status st = NL_OK;
    unsigned char *buf;

    *out = NULL;
    *outlen = 0;
    if (cap > stop)
        cap = stop;
    buf = malloc(cap);
    if (!buf)
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    for (;;) {
        if (len == cap) {
            if (cap >= stop) {
                st = too_large(err, path, len, limit);
                goto done;
            }
            size_t ncap = cap > stop / 2 ? stop : cap * 2;
            unsigned char *nb = realloc(buf, ncap);
            if (!nb) {
                st = nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
                goto done;
            }
            buf = nb;
            cap = ncap;
        }
        size_t want = cap - len < READ_CHUNK ? cap - len : READ_CHUNK;
        ssize_t r = read(fd, buf + len, want);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            st = nl_error_set(err, NL_ERR_IO, path, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        len += (size_t)r;
    }
    if (len > limit) {
        st = too_large(err, path, len, limit);
        goto done;
    }
    *out = buf;
    *outlen = len;
    buf = NULL;

done:
    free(buf);
    return st;
}

nl_status nl_load_path(nl_doc **out, const char *path, const nl_load_opts *opts, nl_error *err)
{
    size_t limit = cap_of(opts);
    unsigned char *data = NULL;
    size_t len = 0;
    int fd = -1, fl;
    struct stat sb;
    const char *why;
    nl_status st;

    *out = NULL;
    if (!path || !*path)
        return nl_error_set(err, NL_ERR_INVALID, "", "no file name given");

    /* stat() first so that a device is refused without being opened (opening
     * a tape or a terminal has side effects). It also yields the open error
     * users expect for a missing file. */
    if (stat(path, &sb) != 0)
        return nl_error_set(err, NL_ERR_IO, path, "cannot open: %s", strerror(errno));
    if ((why = not_regular(sb.st_mode)) != NULL)
        return nl_error_set(err, NL_ERR_IO, path, "%s", why);

    /* The path may have been replaced since stat(): O_NONBLOCK keeps open()
     * from hanging on a FIFO swapped in, O_NOCTTY from adopting a terminal,
     * and fstat() below judges what was actually opened. */
    do
        fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return nl_error_set(err, NL_ERR_IO, path, "cannot open: %s", strerror(errno));
    if (fstat(fd, &sb) != 0) {
        st = nl_error_set(err, NL_ERR_IO, path, "cannot stat: %s", strerror(errno));
        goto done;
    }
    if ((why = not_regular(sb.st_mode)) != NULL) {
        st = nl_error_set(err, NL_ERR_IO, path, "%s", why);
        goto done;
    }
    if (sb.st_size < 0 || (uintmax_t)sb.st_size > limit) {
        st = too_large(err, path, (uintmax_t)sb.st_size, limit);
        goto done;
    }
    /* back to blocking reads: O_NONBLOCK was only for open() */
    fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);

    if ((st = read_all(fd, path, (uintmax_t)sb.st_size, limit, &data, &len, err)) != NL_OK)
        goto done;
    close(fd);
    fd = -1;
    st = nl_load_memory(out, path, data, len, opts, err);

done:
    if (fd >= 0)
        close(fd);
    free(data);
    return st;
}

nl_status nl_load_memory(nl_doc **out, const char *name, const void *data, size_t len,
                         const nl_load_opts *opts, nl_error *err)
{
    const char *path = name ? name : "";
    size_t limit = cap_of(opts);
    /* an empty input may come as (NULL, 0); loaders still get a valid pointer */
    const unsigned char *bytes = data ? data : (const unsigned char *)"";
    const nl_loader *loader = NULL;
    nl_doc *doc = NULL;
    nl_status st;

    *out = NULL;
    if (!data && len)
        return nl_error_set(err, NL_ERR_INVALID, path, "no data given for %zu bytes", len);
    if (len > limit)
        return too_large(err, path, len, limit);

    for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
        if (loaders[i]->sniff(bytes, len, path)) {
            loader = loaders[i];
            break;
        }
    }
    if (!loader)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "is in a format normlint does not read");

    if ((st = loader->load(&doc, path, bytes, len, opts, err)) != NL_OK)
        return st;
    if ((st = nl_doc_recognise(doc, err)) != NL_OK) {
        nl_doc_free(doc);
        return st;
    }
    if (opts && opts->doc_type > 0)
        nl_doc_declare_type(doc, (nl_doctype)opts->doc_type, "由用户以 --doc-type 指定");
    *out = doc;
    return NL_OK;
}

static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

nl_status nl_walk(const char *path, nl_walk_fn fn, void *ud)
{
    return nl_walk_operand(path, nl_load_supported_name, fn, ud);
}

int nl_load_format(size_t i, const char **name, const char *const **extensions)
{
    if (i >= sizeof loaders / sizeof loaders[0])
        return 0;
    *name = loaders[i]->name;
    *extensions = loaders[i]->extensions;
    return 1;
}

int nl_load_supported_name(const char *path)
{
    if (!path)
        return 0;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return 0; /* no extension, or a dot file such as ".txt" */
    const char *ext = dot + 1;
    for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
        for (const char *const *e = loaders[i]->extensions; e && *e; e++) {
            size_t j = 0;
            while (ext[j] && (*e)[j] && ascii_lower((unsigned char)ext[j]) == (*e)[j])
                j++;
            if (!ext[j] && !(*e)[j])
                return 1;
        }
    }
    return 0;
}

nl_status nl_parse_size(const char *s, size_t *out)
{
    size_t v = 0, mul = 1;
    const char *p = s;

    if (!s || !out)
        return NL_ERR_INVALID;
    /* digits first: this rejects "", "-1", "+1" and " 1", all of which
     * strtoull would accept (and "-1" as SIZE_MAX) */
    if (*p < '0' || *p > '9')
        return NL_ERR_INVALID;
    for (; *p >= '0' && *p <= '9'; p++) {
        size_t d = (size_t)(*p - '0');
        if (v > (SIZE_MAX - d) / 10)
            return NL_ERR_INVALID;
        v = v * 10 + d;
    }
    switch (*p) {
    case 'k': case 'K': mul = (size_t)1 << 10; p++; break;
    case 'm': case 'M': mul = (size_t)1 << 20; p++; break;
    case 'g': case 'G': mul = (size_t)1 << 30; p++; break;
    default: break;
    }
    /* optional "iB" after a prefix ("64MiB"), or a plain "B" ("64MB", "100B") */
    if (mul > 1 && (p[0] == 'i' || p[0] == 'I') && (p[1] == 'b' || p[1] == 'B'))
        p += 2;
    else if (*p == 'b' || *p == 'B')
        p++;
    if (*p != '\0')
        return NL_ERR_INVALID;
    if (v > SIZE_MAX / mul)
        return NL_ERR_INVALID;
    *out = v * mul;
    return NL_OK;
}
