/**
 * @file format_names.h
 * @brief The names of clustersim's two file formats -- the trajectory (one run) and the
 *        ensemble index (DIR/index.h5) -- in one place.
 *
 * Every HDF5 path and attribute name that a writer creates and a reader looks up is
 * spelled here once, so that the model's writer (model/trajectory*.c), the ensemble's
 * index writer, the readers of analysis/readers and the commands (`inspect`, `rerun`,
 * `export`) cannot drift apart. The names are string-literal macros, not variables, so
 * that a path can be built by literal concatenation (`CSIM_FMT_OBSERVABLES "/%s/value"`)
 * with no run-time cost and no global. docs/ARCHITECTURE.md lists the layout they name.
 *
 * Changing a value here changes the file format: every stored trajectory would then
 * differ from a new one, so a value is changed only together with a format version.
 */
#ifndef CSIM_SIM_FORMAT_FORMAT_NAMES_H
#define CSIM_SIM_FORMAT_FORMAT_NAMES_H

/* ==== the trajectory: groups ============================================================ */

#define CSIM_FMT_PARAMETERS "/parameters"     /**< provenance: attributes and texts     */
#define CSIM_FMT_OBSERVABLES "/observables"   /**< one series element per observable    */
#define CSIM_FMT_EVENTS "/events"             /**< the event table                      */
#define CSIM_FMT_PARTICLES "/particles"       /**< per-agent state, one group per kind  */
#define CSIM_FMT_CONNECTIVITY "/connectivity" /**< the networks' snapshots, per layer   */
#define CSIM_FMT_PROGRAMME "/programme"       /**< the policy programme's bodies        */

/* ==== the ensemble index (DIR/index.h5): groups ======================================== */

#define CSIM_FMT_ENSEMBLE "/ensemble"     /**< the plan's provenance (attributes)          */
#define CSIM_FMT_TASK_TABLE "/task_table" /**< one dataset per column of the task table    */
#define CSIM_FMT_TASKS "/tasks"           /**< external links /tasks/LABEL/rK to the files */

/** The index's file name inside an ensemble folder (DIR/index.h5). */
#define CSIM_FMT_INDEX_FILE "index.h5"

/* ==== attribute names ==================================================================== */
/* Under /parameters of a trajectory (and, where the same word is used, /ensemble). */

#define CSIM_FMT_ATTR_SCENARIO_NAME "scenario_name"
#define CSIM_FMT_ATTR_SCENARIO_PATH "scenario_path"
#define CSIM_FMT_ATTR_SEED "seed"
#define CSIM_FMT_ATTR_REPLICATE "replicate"
#define CSIM_FMT_ATTR_STREAM_KEY "stream_key"
#define CSIM_FMT_ATTR_CODE_VERSION "code_version"
#define CSIM_FMT_ATTR_CODE_COMMIT "code_commit"
#define CSIM_FMT_ATTR_BUILD_FLAGS "build_flags"
#define CSIM_FMT_ATTR_THREADS "threads"
#define CSIM_FMT_ATTR_RANKS "ranks"
#define CSIM_FMT_ATTR_WALL_START "wall_start"
#define CSIM_FMT_ATTR_WALL_END "wall_end"
#define CSIM_FMT_ATTR_WALL_SECONDS "wall_seconds"
/** Written by `rerun` into the new trajectory: the file it reproduces. */
#define CSIM_FMT_ATTR_RERUN_OF "rerun_of"
/** A group's or table's text for readers of the file (h5dump shows it). */
#define CSIM_FMT_ATTR_DESCRIPTION "description"

/* Under /events: the meanings of its coded columns. */
#define CSIM_FMT_ATTR_KIND_NAMES "kind_names"
#define CSIM_FMT_ATTR_AGENT_MEANING "agent_meaning"
#define CSIM_FMT_ATTR_BODY_MEANING "body_meaning"
#define CSIM_FMT_ATTR_VALUE_MEANING "value_meaning"

/* Under /ensemble of an index. */
#define CSIM_FMT_ATTR_KIND "kind"
#define CSIM_FMT_ATTR_DESIGN "design"
#define CSIM_FMT_ATTR_SWEEP_PATH "sweep_path"
#define CSIM_FMT_ATTR_BASE_SCENARIO "base_scenario"
#define CSIM_FMT_ATTR_COMMAND_LINE "command_line"
#define CSIM_FMT_ATTR_STARTED "started"
#define CSIM_FMT_ATTR_FINISHED "finished"
#define CSIM_FMT_ATTR_TASKS "tasks"
#define CSIM_FMT_ATTR_POINTS "points"
#define CSIM_FMT_ATTR_REPLICATES "replicates"
#define CSIM_FMT_ATTR_TASKS_OK "tasks_ok"
#define CSIM_FMT_ATTR_TASKS_FAILED "tasks_failed"
#define CSIM_FMT_ATTR_TASKS_PENDING "tasks_pending"
#define CSIM_FMT_ATTR_JOBS "jobs"
#define CSIM_FMT_ATTR_THREADS_PER_TASK "threads_per_task"

#endif /* CSIM_SIM_FORMAT_FORMAT_NAMES_H */
