/**
 * \file sim/h5_read.h
 * Reading output files back, for the tools (`inspect`, `rerun`) and the analysis layer.
 *
 * Opening is defensive: a missing, empty, truncated or non-HDF5 file gives CSIM_EIO with
 * a message that says which, never a crash. Everything returned is malloc'd and owned by
 * the caller (free it with the function named in each comment); nothing points into
 * HDF5's memory.
 *
 * Strings are read only when fixed-length (NUL-terminated, NUL- or space-padded, ASCII or
 * UTF-8), which is how sim/h5_file.h writes them. Variable-length strings are refused
 * (CSIM_EINVAL, naming the object): they live in HDF5's global heap, and HDF5 1.10.8
 * reads a damaged heap without checks -- one damaged byte crashed `inspect` in
 * H5HG_read (docs/RELIABILITY.md). Numbers of any integer or float width are converted
 * (integers to double are accepted, floats to int64 are refused as lossy).
 *
 * Sizes are checked before anything is allocated: a dataset or attribute that claims
 * more bytes than its file could hold (deflate included) is refused as damaged.
 *
 * Thread-safety: none; call from serial code only (see sim/h5_file.h).
 */
#ifndef CSIM_SIM_H5_READ_H
#define CSIM_SIM_H5_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/error.h"
#include "sim/h5_file.h"

/** Most axes of a dataset that csim_h5_read_array() reads ([variable][n][k]). */
#define CSIM_H5_MAX_RANK 3

/** A file open for reading. Zeroed is a valid closed reader. */
typedef struct csim_h5_reader {
    int64_t id;          /**< HDF5 file handle (hid_t); <= 0 when closed           */
    char *path;          /**< owned: the file's path, for messages                  */
    uint64_t file_bytes; /**< size of the file when opened: what its data can claim */
} csim_h5_reader;

/** A numeric dataset or attribute read into memory. Zeroed is a valid empty array. */
typedef struct csim_h5_array {
    csim_h5_type type;              /**< type of `data` (as requested)                  */
    size_t rank;                    /**< 0 (scalar) .. CSIM_H5_MAX_RANK                 */
    size_t dims[CSIM_H5_MAX_RANK];  /**< extents; unused ones are 0                     */
    size_t n;                       /**< values: product of dims (1 for a scalar)       */
    void *data;                     /**< owned: n `double` or `int64_t`, row-major;
                                         never NULL after a successful read            */
} csim_h5_array;

/**
 * Open `path` read-only.
 *
 * \param r     uninitialised struct, filled on success; closed on error
 * \param path  borrowed
 * \return CSIM_OK; CSIM_EINVAL (NULL path); CSIM_ENOMEM;
 *         CSIM_EIO: missing or unreadable ("cannot read '...': No such file ..."), not a
 *         regular file, empty, not HDF5 ("not an HDF5 file"), or damaged/truncated (HDF5
 *         refuses it; its reason, e.g. "truncated file: eof = ...", is in the message).
 */
csim_status csim_h5_reader_open(csim_h5_reader *r, const char *path);

/** Close the file. Safe on a zeroed or closed struct; idempotent. */
void csim_h5_reader_close(csim_h5_reader *r);

/**
 * Whether the absolute `path` names an object (each component is tested, so a missing
 * parent is simply "no"). "/" always exists.
 * \return CSIM_OK; CSIM_EINVAL (closed reader, malformed path); CSIM_EIO.
 */
csim_status csim_h5_read_exists(const csim_h5_reader *r, const char *path, bool *exists);

/**
 * csim_h5_read_exists for an object the file must have to be what the caller reads: a
 * missing one fails with "FILE: " and the caller's words, which say what the file then
 * is not ("not an ensemble index (%s is missing)", path).
 * \return CSIM_OK when `path` exists; CSIM_EINVAL "FILE: <fmt, ...>" when it does not;
 *         as csim_h5_read_exists otherwise.
 */
csim_status csim_h5_read_require(const csim_h5_reader *r, const char *path, const char *fmt,
                                 ...) __attribute__((format(printf, 3, 4)));

/**
 * Read a string attribute (scalar, or the first of a 1-D array).
 * \param value  filled with a malloc'd NUL-terminated copy; free() it
 * \return CSIM_OK; CSIM_EINVAL (missing object or attribute, not a string); CSIM_ENOMEM;
 *         CSIM_EIO.
 */
csim_status csim_h5_read_attr_string(const csim_h5_reader *r, const char *obj_path,
                                     const char *name, char **value);

/**
 * Read every string of a string attribute (a `names` table).
 * \param values  filled with a malloc'd array of `*n` malloc'd strings; release with
 *                csim_str_list_free(*values, *n) (sim/str_copy.h)
 * \return as csim_h5_read_attr_string().
 */
csim_status csim_h5_read_attr_strings(const csim_h5_reader *r, const char *obj_path,
                                      const char *name, char ***values, size_t *n);

/**
 * Read a numeric attribute converted to `type`.
 * \param out  uninitialised, filled on success; release with csim_h5_array_destroy()
 * \return CSIM_OK; CSIM_EINVAL (missing, not numeric, float read as int64, rank > 3);
 *         CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_h5_read_attr_num(const csim_h5_reader *r, const char *obj_path,
                                  const char *name, csim_h5_type type, csim_h5_array *out);

/**
 * Read a scalar string dataset (the scenario text), or the first string of a 1-D one.
 * \param text  filled with a malloc'd NUL-terminated copy; free() it
 * \return CSIM_OK; CSIM_EINVAL (missing, not a string dataset); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_h5_read_text(const csim_h5_reader *r, const char *path, char **text);

/**
 * Read every string of a string dataset (a `names` table).
 * \param values  as in csim_h5_read_attr_strings()
 */
csim_status csim_h5_read_strings(const csim_h5_reader *r, const char *path, char ***values,
                                 size_t *n);

/**
 * Read a whole numeric dataset of rank 0..3, converted to `type`.
 * \param out  uninitialised, filled on success; release with csim_h5_array_destroy()
 * \return CSIM_OK; CSIM_EINVAL (missing, not a dataset, not numeric, float read as int64,
 *         rank > 3); CSIM_ENOMEM; CSIM_EIO (e.g. a damaged chunk).
 * Memory: the whole dataset; O(size) time.
 */
csim_status csim_h5_read_array(const csim_h5_reader *r, const char *path, csim_h5_type type,
                               csim_h5_array *out);

/**
 * Names of the links in group `path`, in increasing name order (byte-wise).
 * \param names  filled with a malloc'd array of `*n` malloc'd strings (NULL when empty);
 *               release with csim_str_list_free() (sim/str_copy.h)
 * \return CSIM_OK; CSIM_EINVAL (missing, not a group); CSIM_ENOMEM; CSIM_EIO.
 */
csim_status csim_h5_read_children(const csim_h5_reader *r, const char *path, char ***names,
                                  size_t *n);

/**
 * Whether two paths lead to the same object (hard links, e.g. the `step` datasets of
 * elements that share a clock).
 * \return CSIM_OK; CSIM_EINVAL (either path missing); CSIM_EIO.
 */
csim_status csim_h5_read_same_object(const csim_h5_reader *r, const char *path_a,
                                     const char *path_b, bool *same);

/** What kind of object a path names. */
typedef enum csim_h5_kind {
    CSIM_H5_KIND_GROUP = 0,   /**< a group                                      */
    CSIM_H5_KIND_DATASET = 1, /**< a dataset                                    */
    CSIM_H5_KIND_OTHER = 2    /**< a named datatype or anything else            */
} csim_h5_kind;

/** Class of the values of a dataset. */
typedef enum csim_h5_class {
    CSIM_H5_CLASS_INTEGER = 0, /**< integers of any width and sign          */
    CSIM_H5_CLASS_FLOAT = 1,   /**< floating point of any width              */
    CSIM_H5_CLASS_STRING = 2,  /**< strings (only fixed-length ones are read)  */
    CSIM_H5_CLASS_OTHER = 3    /**< compound, enum, opaque, ... (not read)   */
} csim_h5_class;

/** Shape and class of an object, from csim_h5_read_info(). */
typedef struct csim_h5_info {
    csim_h5_kind kind;              /**< group, dataset or other                         */
    csim_h5_class cls;              /**< datasets: class of the values; else OTHER       */
    size_t rank;                    /**< datasets: number of axes (0: scalar); may exceed
                                         CSIM_H5_MAX_RANK; else 0                         */
    size_t dims[CSIM_H5_MAX_RANK];  /**< extents of the first axes; unused ones are 0    */
} csim_h5_info;

/**
 * Kind, value class and shape of the object at `path`, without reading its values (for
 * walking a file of unknown layout, or checking a layout before reading).
 * \param info  filled on success (zeroed on error)
 * 
eturn CSIM_OK; CSIM_EINVAL (closed reader, malformed or missing path); CSIM_EIO.
 */
csim_status csim_h5_read_info(const csim_h5_reader *r, const char *path, csim_h5_info *info);

/**
 * Whether the object `obj_path` has an attribute `name` (an optional `unit` or `names`).
 * 
eturn CSIM_OK; CSIM_EINVAL (closed reader, NULL name, missing object); CSIM_EIO.
 */
csim_status csim_h5_read_attr_exists(const csim_h5_reader *r, const char *obj_path,
                                     const char *name, bool *exists);

/**
 * Read rows `first` .. `first + count - 1` (indices of the first axis) of a numeric dataset
 * of rank 1..3, converted to `type`: one snapshot of a ragged element, say, without reading
 * every snapshot of the run.
 * \param out  uninitialised, filled on success (dims[0] = count; `data` is not NULL even
 *             when count is 0); release with csim_h5_array_destroy()
 * 
eturn CSIM_OK; CSIM_EINVAL (missing, not a dataset, not numeric, float read as int64,
 *         rank 0 or > 3, rows outside the dataset: the message gives its length);
 *         CSIM_ENOMEM; CSIM_EIO (e.g. a damaged chunk).
 * Memory: the rows read; time O(chunks touched).
 */
csim_status csim_h5_read_rows(const csim_h5_reader *r, const char *path, csim_h5_type type,
                              size_t first, size_t count, csim_h5_array *out);

/** Free what csim_h5_read_array()/csim_h5_read_attr_num() filled; zeroes it. NULL-safe. */
void csim_h5_array_destroy(csim_h5_array *a);


#endif /* CSIM_SIM_H5_READ_H */
