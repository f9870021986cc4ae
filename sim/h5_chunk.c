/*
 * Whole chunks written directly (H5Dwrite_chunk), bypassing HDF5's selections, type
 * conversion and filter pipeline. Compressed chunks get the shuffle and deflate filters
 * applied here, with one zlib stream reused for every chunk of the file; HDF5's pipeline
 * sets up a new stream per chunk, and that set-up (zlib allocates and clears some
 * 256 KiB) cost as much as compressing the baseline's 16 KiB snapshot chunks themselves.
 * The bytes written are shuffle's byte planes, then a zlib stream at level 1 (run-length
 * strategy, below), so every HDF5 reader decodes them with the filters the dataset
 * declares. Raw chunks are written as they are, a partial one padded with fill.
 */
#include "sim/h5_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <zlib.h>

#include "sim/grow.h"

/* The reusable state: one zlib stream and two buffers (a chunk as it is written or
 * shuffled for compression, and the compressed stream), grown to the largest chunk
 * seen. */
struct csim_h5__deflater {
    z_stream stream;
    bool stream_ready;
    unsigned char *chunk, *packed;
    size_t cap_chunk, cap_packed;
};

void csim_h5__deflater_free(struct csim_h5__deflater *d) {
    if (!d) {
        return;
    }
    if (d->stream_ready) {
        deflateEnd(&d->stream);
    }
    free(d->chunk);
    free(d->packed);
    free(d);
}

/* Grow the buffer *buf of *cap bytes to at least `bytes`: exactly `bytes` when it grows
 * (csim_grow_to, not csim_grow's doubling: a buffer is sized by the largest chunk seen,
 * and a file's chunks mostly have one size). False when out of memory, with the buffer
 * as it was. */
static bool buffer_reserve(unsigned char **buf, size_t *cap, size_t bytes) {
    if (bytes <= *cap) {
        return true;
    }
    if (csim_grow_to(buf, bytes, 1) != CSIM_OK) {
        return false;
    }
    *cap = bytes;
    return true;
}

/* Room for a chunk of `bytes`, and (with `packed`) for it compressed. */
static csim_status deflater_reserve(struct csim_h5__deflater *d, size_t bytes, bool packed,
                                    const char *label) {
    if (!buffer_reserve(&d->chunk, &d->cap_chunk, bytes)) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s: chunk buffer of %zu bytes", label, bytes);
    }
    const size_t bound = packed ? (size_t) deflateBound(&d->stream, (uLong) bytes) : 0;
    if (!buffer_reserve(&d->packed, &d->cap_packed, bound)) {
        return CSIM_FAIL(CSIM_ENOMEM, "%s: compressed chunk of %zu bytes", label, bound);
    }
    return CSIM_OK;
}

static csim_status deflater_get(csim_h5_file *f, const char *label,
                                struct csim_h5__deflater **out) {
    if (!f->deflater) {
        struct csim_h5__deflater *d = calloc(1, sizeof *d);
        if (!d) {
            return CSIM_FAIL(CSIM_ENOMEM, "%s: compressor", label);
        }
        /* Level 1 and window 15 as HDF5's deflate filter, but zlib's run-length strategy
         * and memLevel 5. The shuffled byte planes of codes, ids and counts are mostly
         * runs (the high bytes of small numbers, the fill of absent agents), which
         * Z_RLE finds without LZ77's hash chains: ~15% faster than the default strategy
         * on the baseline's compressed columns, and 0.2% smaller. It does not use the
         * hash table that every deflateReset clears (64 KiB at memLevel 8, 8 KiB at 5:
         * 8 of the writer's 82 million instructions), and memLevel 5's shorter blocks
         * adapt their Huffman codes better: 4% fewer compressed bytes than memLevel 8
         * (baseline file 8.44 -> 8.43 MB; with run.deflate_floats 4.23 -> 4.12 MB).
         * Strategy and memLevel are the compressor's choice alone: any inflate -- every
         * HDF5 reader's deflate filter -- decodes the stream. */
        if (deflateInit2(&d->stream, 1, Z_DEFLATED, 15, 5, Z_RLE) != Z_OK) {
            free(d);
            return CSIM_FAIL(CSIM_ENOMEM, "%s: zlib stream", label);
        }
        d->stream_ready = true;
        f->deflater = d;
    }
    *out = f->deflater;
    return CSIM_OK;
}

/* One byte plane of HDF5's shuffle: plane[i] = byte j of element i, for the `values`
 * elements of `in` (`size` bytes each). Written per size so that the compiler unrolls the
 * stride. */
static void shuffle_plane(const unsigned char *in, unsigned char *plane, size_t values,
                          size_t size, size_t j) {
    switch (size) {
    case 2:
        for (size_t i = 0; i < values; ++i) {
            plane[i] = in[2 * i + j];
        }
        break;
    case 4:
        for (size_t i = 0; i < values; ++i) {
            plane[i] = in[4 * i + j];
        }
        break;
    case 8:
        for (size_t i = 0; i < values; ++i) {
            plane[i] = in[8 * i + j];
        }
        break;
    default:
        for (size_t i = 0; i < values; ++i) {
            plane[i] = in[size * i + j];
        }
        break;
    }
}

/* The bytes of the fill value in the file's (the machine's) order: -1, every byte 0xff,
 * for integers; NaN for doubles. */
static void fill_bytes(csim_h5_type type, unsigned char fill[8]) {
    if (type == CSIM_H5_DOUBLE) {
        const double nan = (double) NAN;
        memcpy(fill, &nan, sizeof nan);
    } else {
        memset(fill, 0xff, 8);
    }
}

/* HDF5's shuffle of a chunk of `chunk_values` elements whose first `values` are `data`
 * and the rest fill: byte j of element i goes to position j * chunk_values + i. The fill
 * is the same element throughout, so its part of each plane is one repeated byte: set,
 * not shuffled. */
static void shuffle_padded(const void *data, size_t values, size_t chunk_values,
                           csim_h5_type type, unsigned char *out) {
    const size_t size = csim_h5_type_size(type);
    unsigned char fill[8];
    fill_bytes(type, fill);
    for (size_t j = 0; j < size; ++j) {
        unsigned char *plane = out + j * chunk_values;
        if (size == 1) {
            memcpy(plane, data, values);
        } else {
            shuffle_plane(data, plane, values, size, j);
        }
        memset(plane + values, fill[j], chunk_values - values);
    }
}

/* The chunk's values, then the fill for the part past the row's end: it reads as fill
 * once the row's extent grows over it. */
static void pad_chunk(unsigned char *raw, const void *data, size_t values, size_t chunk_values,
                      csim_h5_type type) {
    const size_t size = csim_h5_type_size(type);
    unsigned char fill[8];
    fill_bytes(type, fill);
    memcpy(raw, data, values * size);
    for (size_t i = values; i < chunk_values; ++i) {
        memcpy(raw + i * size, fill, size);
    }
}

static csim_status write_chunk(int64_t dset, size_t rank, const uint64_t *offset, size_t bytes,
                               const void *chunk, const char *label) {
    hsize_t h_offset[3] = {0, 0, 0};
    for (size_t i = 0; i < rank; ++i) {
        h_offset[i] = (hsize_t) offset[i];
    }
    /* Filter mask 0: every filter the dataset has (none, or shuffle and deflate) was
     * applied. */
    if (H5Dwrite_chunk((hid_t) dset, H5P_DEFAULT, 0, h_offset, bytes, chunk) < 0) {
        return CSIM_H5__FAIL("%s: writing a chunk at row %llu", label,
                             (unsigned long long) offset[0]);
    }
    return CSIM_OK;
}

csim_status csim_h5__write_chunk_raw(csim_h5_file *f, int64_t dset, size_t rank,
                                     const uint64_t *offset, csim_h5_type type,
                                     const void *data, size_t values, size_t chunk_values,
                                     const char *label) {
    csim_status st = CSIM_OK;
    struct csim_h5__deflater *d = NULL;
    const size_t bytes = chunk_values * csim_h5_type_size(type);

    if (values > chunk_values || rank < 1 || rank > 3) {
        return CSIM_FAIL(CSIM_EINTERNAL, "%s: chunk of %zu values given %zu, rank %zu", label,
                         chunk_values, values, rank);
    }
    if (values == chunk_values) {
        return write_chunk(dset, rank, offset, bytes, data, label); /* no copy */
    }
    CSIM_TRY(deflater_get(f, label, &d));
    CSIM_TRY(deflater_reserve(d, bytes, false, label));
    pad_chunk(d->chunk, data, values, chunk_values, type);
    CSIM_TRY(write_chunk(dset, rank, offset, bytes, d->chunk, label));
cleanup:
    return st;
}

csim_status csim_h5__write_chunk_deflated(csim_h5_file *f, int64_t dset, size_t rank,
                                          const uint64_t *offset, csim_h5_type type,
                                          const void *data, size_t values,
                                          size_t chunk_values, const char *label) {
    csim_status st = CSIM_OK;
    struct csim_h5__deflater *d = NULL;
    const size_t size = csim_h5_type_size(type);
    const size_t bytes = chunk_values * size;

    if (values > chunk_values || rank < 1 || rank > 3) {
        return CSIM_FAIL(CSIM_EINTERNAL, "%s: chunk of %zu values given %zu, rank %zu", label,
                         chunk_values, values, rank);
    }
    CSIM_TRY(deflater_get(f, label, &d));
    CSIM_TRY(deflater_reserve(d, bytes, true, label));
    shuffle_padded(data, values, chunk_values, type, d->chunk);
    if (deflateReset(&d->stream) != Z_OK) {
        return CSIM_FAIL(CSIM_EINTERNAL, "%s: zlib reset", label);
    }
    d->stream.next_in = d->chunk;
    d->stream.avail_in = (uInt) bytes;
    d->stream.next_out = d->packed;
    d->stream.avail_out = (uInt) d->cap_packed;
    if (deflate(&d->stream, Z_FINISH) != Z_STREAM_END) {
        return CSIM_FAIL(CSIM_EINTERNAL, "%s: zlib could not compress a chunk of %zu bytes",
                         label, bytes);
    }
    CSIM_TRY(write_chunk(dset, rank, offset, (size_t) d->stream.total_out, d->packed, label));
cleanup:
    return st;
}
