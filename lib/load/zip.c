/*
 * zip.c — libzip and libdeflate behind zip.h. The archive is opened from
 * memory (zip_source_buffer), so nothing is ever written next to the input.
 * Sizes recorded in the central directory are checked before inflating, and
 * the inflated size is checked again while reading, because a hostile archive
 * can lie in its directory.
 *
 * libzip reads the central directory and hands out a member's compressed
 * bytes; a deflated member is inflated by libdeflate (about twice as fast as
 * zlib, with a faster CRC-32) in one call into a buffer of the size the
 * directory declares. Only a member whose inflated size and CRC-32 both match
 * the directory is taken from there. Every other member (stored, another
 * method) and every deflated member that does not inflate cleanly is read by
 * libzip's own stream, as before, so what is accepted and every message about
 * a damaged member stay exactly libzip's; the second read is bounded by the
 * same limits and happens only for such members.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>
#include <zip.h>

#include "load/zip.h"

struct nl_zip {
    zip_t *za;
    const char *path;
    size_t len; /* bytes of the archive */
    nl_zip_limits lim;
    size_t total; /* uncompressed bytes handed out so far */
    /* made on the first deflated member; not thread-safe, so one per nl_zip
       (an nl_zip is used by one thread at a time) */
    struct libdeflate_decompressor *inflater;
};

int nl_zip_magic(const unsigned char *data, size_t len)
{
    return len >= 4 && data[0] == 'P' && data[1] == 'K' &&
           ((data[2] == 3 && data[3] == 4) || (data[2] == 5 && data[3] == 6));
}

nl_status nl_zip_open(nl_zip **out, const char *path, const unsigned char *data, size_t len,
                      const nl_zip_limits *limits, nl_error *err)
{
    *out = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        nl_status st = nl_error_set(err, NL_ERR_PARSE, path, "is a damaged or truncated ZIP archive (%s)",
                                    zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        return st;
    }
    zip_error_fini(&ze);
    nl_zip *z = calloc(1, sizeof *z);
    if (!z) {
        zip_discard(za);
        return nl_error_set(err, NL_ERR_NOMEM, path, "out of memory");
    }
    z->za = za;
    z->path = path;
    z->len = len;
    z->lim.max_entries = limits && limits->max_entries ? limits->max_entries : 10000;
    z->lim.max_entry_size = limits && limits->max_entry_size ? limits->max_entry_size : (size_t)256 << 20;
    z->lim.max_total_size = limits && limits->max_total_size ? limits->max_total_size : (size_t)512 << 20;
    z->lim.max_ratio = limits && limits->max_ratio ? limits->max_ratio : 200;
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || (uint64_t)n > z->lim.max_entries) {
        nl_zip_close(z);
        return nl_error_set(err, NL_ERR_UNSUPPORTED, path, "ZIP archive has %lld entries, more than the limit of %zu",
                            (long long)n, limits && limits->max_entries ? limits->max_entries : (size_t)10000);
    }
    *out = z;
    return NL_OK;
}

void nl_zip_close(nl_zip *z)
{
    if (!z)
        return;
    zip_discard(z->za);
    libdeflate_free_decompressor(z->inflater);
    free(z);
}

int nl_zip_has(const nl_zip *z, const char *name) { return zip_name_locate(z->za, name, 0) >= 0; }

const char *nl_zip_find(const nl_zip *z, const char *name)
{
    zip_int64_t idx = zip_name_locate(z->za, name, 0);
    if (idx < 0)
        idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    return idx >= 0 ? zip_get_name(z->za, (zip_uint64_t)idx, 0) : NULL;
}

/* The member's compressed bytes into a malloc'd *raw, or NULL when libzip
   cannot hand them out whole (its own read then reports why). csize is at
   most the archive's length (libzip's ZIP_CHECKCONS refuses an entry whose
   data runs past the central directory; checked again before allocating). */
static nl_status read_compressed(nl_zip *z, zip_uint64_t idx, size_t csize, unsigned char **raw, nl_error *err)
{
    *raw = NULL;
    if (csize > z->len)
        return NL_OK;
    zip_file_t *f = zip_fopen_index(z->za, idx, ZIP_FL_COMPRESSED);
    if (!f)
        return NL_OK;
    unsigned char *buf = malloc(csize ? csize : 1);
    if (!buf) {
        zip_fclose(f);
        return nl_error_set(err, NL_ERR_NOMEM, z->path, "out of memory");
    }
    size_t got = 0;
    for (zip_int64_t r; got < csize && (r = zip_fread(f, buf + got, csize - got)) > 0;)
        got += (size_t)r;
    zip_fclose(f);
    if (got < csize) {
        free(buf);
        return NL_OK;
    }
    *raw = buf;
    return NL_OK;
}

/* Inflate a deflated member with libdeflate into buf (room for size bytes).
   *done = 1 when the output is exactly `size` bytes with the directory's
   CRC-32; *done = 0 for anything else (damaged stream, shorter or longer
   output, wrong CRC), which the caller hands to libzip for the verdict. */
static nl_status inflate_member(nl_zip *z, zip_uint64_t idx, size_t csize, uint32_t crc, char *buf, size_t size,
                                int *done, nl_error *err)
{
    *done = 0;
    if (!z->inflater && !(z->inflater = libdeflate_alloc_decompressor()))
        return nl_error_set(err, NL_ERR_NOMEM, z->path, "out of memory");
    unsigned char *raw;
    nl_status st = read_compressed(z, idx, csize, &raw, err);
    if (st != NL_OK || !raw)
        return st;
    /* a NULL actual_out_nbytes_ret makes any other length than `size` an
       error (LIBDEFLATE_SHORT_OUTPUT or LIBDEFLATE_INSUFFICIENT_SPACE) */
    enum libdeflate_result r = libdeflate_deflate_decompress(z->inflater, raw, csize, buf, size, NULL);
    free(raw);
    *done = r == LIBDEFLATE_SUCCESS && libdeflate_crc32(0, buf, size) == crc;
    return NL_OK;
}

/* Read a member through libzip's stream (which inflates and checks the CRC)
   into buf (room for size + 2 bytes): at most the announced size + 1, so a
   lying directory is caught. */
static nl_status read_stream(nl_zip *z, zip_uint64_t idx, const char *name, char *buf, size_t size, size_t *outlen,
                             nl_error *err)
{
    zip_file_t *f = zip_fopen_index(z->za, idx, 0);
    if (!f)
        return nl_error_set(err, NL_ERR_PARSE, z->path, "ZIP member %s cannot be read (%s)", name,
                            zip_strerror(z->za));
    size_t cap = size + 1, len = 0;
    nl_status st = NL_OK;
    for (;;) {
        zip_int64_t r = zip_fread(f, buf + len, cap - len);
        if (r < 0) {
            st = nl_error_set(err, NL_ERR_PARSE, z->path, "ZIP member %s is damaged (%s)", name,
                              zip_file_strerror(f));
            break;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len >= cap) {
            st = nl_error_set(err, NL_ERR_PARSE, z->path, "ZIP member %s is longer than its directory entry says",
                              name);
            break;
        }
    }
    zip_fclose(f);
    *outlen = len;
    return st;
}

nl_status nl_zip_read(nl_zip *z, const char *name, char **out, size_t *outlen, nl_error *err)
{
    *out = NULL;
    *outlen = 0;
    zip_int64_t idx = zip_name_locate(z->za, name, 0);
    zip_stat_t sb;
    zip_stat_init(&sb);
    if (idx < 0 || zip_stat_index(z->za, (zip_uint64_t)idx, 0, &sb) != 0)
        return nl_error_set(err, NL_ERR_IO, z->path, "ZIP member %s is missing", name);
    if (sb.valid & ZIP_STAT_ENCRYPTION_METHOD && sb.encryption_method != ZIP_EM_NONE)
        return nl_error_set(err, NL_ERR_UNSUPPORTED, z->path, "ZIP member %s is encrypted", name);
    uint64_t size = (sb.valid & ZIP_STAT_SIZE) ? sb.size : 0, csize = (sb.valid & ZIP_STAT_COMP_SIZE) ? sb.comp_size : 0;
    if (size > z->lim.max_entry_size)
        return nl_error_set(err, NL_ERR_TOO_LARGE, z->path, "ZIP member %s inflates to %llu bytes, more than the limit of %zu",
                            name, (unsigned long long)size, z->lim.max_entry_size);
    if (csize > 0 && size / csize > z->lim.max_ratio && size > 1024 * 1024)
        return nl_error_set(err, NL_ERR_TOO_LARGE, z->path,
                            "ZIP member %s has a compression ratio of %llu:1, more than the limit of %u:1 (a ZIP bomb?)",
                            name, (unsigned long long)(size / csize), z->lim.max_ratio);
    if (z->total + size > z->lim.max_total_size)
        return nl_error_set(err, NL_ERR_TOO_LARGE, z->path, "ZIP archive inflates to more than %zu bytes in all",
                            z->lim.max_total_size);
    /* size + 1 for the stream's overrun check, + 1 for the NUL */
    char *buf = malloc((size_t)size + 2);
    if (!buf)
        return nl_error_set(err, NL_ERR_NOMEM, z->path, "out of memory");
    size_t len = (size_t)size;
    int done = 0;
    nl_status st = NL_OK;
    if ((sb.valid & ZIP_STAT_COMP_METHOD) && sb.comp_method == ZIP_CM_DEFLATE && (sb.valid & ZIP_STAT_CRC))
        st = inflate_member(z, (zip_uint64_t)idx, (size_t)csize, sb.crc, buf, (size_t)size, &done, err);
    if (st == NL_OK && !done)
        st = read_stream(z, (zip_uint64_t)idx, name, buf, (size_t)size, &len, err);
    if (st != NL_OK) {
        free(buf);
        return st;
    }
    buf[len] = '\0';
    z->total += len;
    *out = buf;
    *outlen = len;
    return NL_OK;
}

/* Close an archive written into the buffer source `sink` (kept) and hand out
   the bytes. */
static nl_status finish_sink(zip_t *za, zip_source_t *sink, unsigned char **out, size_t *outlen, nl_error *err)
{
    if (zip_close(za) != 0) {
        nl_error_set(err, NL_ERR_IO, "", "cannot write a ZIP archive in memory: %s", zip_strerror(za));
        zip_discard(za);
        zip_source_free(sink);
        return NL_ERR_IO;
    }
    zip_stat_t sb;
    if (zip_source_stat(sink, &sb) != 0 || zip_source_open(sink) != 0) {
        zip_source_free(sink);
        return nl_error_set(err, NL_ERR_IO, "", "cannot read back a ZIP archive built in memory");
    }
    unsigned char *buf = malloc(sb.size ? sb.size : 1);
    zip_int64_t got = buf ? zip_source_read(sink, buf, sb.size) : -1;
    zip_source_close(sink);
    zip_source_free(sink);
    if (!buf || got < 0 || (zip_uint64_t)got != sb.size) {
        free(buf);
        return nl_error_set(err, NL_ERR_NOMEM, "", "out of memory");
    }
    *out = buf;
    *outlen = (size_t)got;
    return NL_OK;
}

nl_status nl_zip_rewrite(const unsigned char *in, size_t inlen, const char *const *names, const char *const *data,
                         const size_t *lens, size_t n, unsigned char **out, size_t *outlen, nl_error *err)
{
    *out = NULL;
    *outlen = 0;
    unsigned char *copy = malloc(inlen ? inlen : 1);
    if (!copy)
        return nl_error_set(err, NL_ERR_NOMEM, "", "out of memory");
    memcpy(copy, in, inlen);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *sink = zip_source_buffer_create(copy, inlen, 1, &ze);
    if (!sink) {
        zip_error_fini(&ze);
        free(copy);
        return nl_error_set(err, NL_ERR_NOMEM, "", "out of memory");
    }
    zip_source_keep(sink);
    zip_t *za = zip_open_from_source(sink, 0, &ze);
    if (!za) {
        nl_error_set(err, NL_ERR_PARSE, "", "cannot open the ZIP archive: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(sink);
        return NL_ERR_PARSE;
    }
    zip_error_fini(&ze);
    nl_status st = NL_OK;
    for (size_t i = 0; i < n && st == NL_OK; i++) {
        zip_source_t *m = zip_source_buffer(za, data[i], lens[i], 0);
        zip_int64_t idx = zip_name_locate(za, names[i], 0);
        if (!m || (idx >= 0 ? zip_file_replace(za, (zip_uint64_t)idx, m, 0) : zip_file_add(za, names[i], m, ZIP_FL_ENC_UTF_8)) < 0) {
            zip_source_free(m);
            st = nl_error_set(err, NL_ERR_IO, "", "cannot write %s into the ZIP archive: %s", names[i], zip_strerror(za));
        }
    }
    if (st != NL_OK) {
        zip_discard(za);
        zip_source_free(sink);
        return st;
    }
    return finish_sink(za, sink, out, outlen, err);
}
