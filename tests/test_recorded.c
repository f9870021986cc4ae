/* Tests of scenarios/recorded.h: the parameters a trajectory records come back bit for bit
 * (with the replicate and the scenario texts), and files that are not trajectories, or
 * record parameters this build does not know, are refused with messages naming them. */

#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/params.h"
#include "model/sim.h"
#include "model/trajectory.h"
#include "scenarios/recorded.h"
#include "scenarios/ensemble/task.h"
#include "scenarios/scenario.h"
#include "sim/h5_file.h"
#include "sim/h5_read.h"
#include "sim/schema.h"
#include "tests/support/test_support.h"

TestSuite(recorded, .init = csim_test_quiet_libraries);

/* Write the metadata of a (never stepped) run of `scenario`, replicate `replicate`. */
static void write_run(const char *path, const csim_scenario *scenario, uint64_t replicate) {
    csim_sim *sim = NULL;
    csim_trajectory traj;
    CSIM_ASSERT_OK(csim_sim_create(&sim, &scenario->params, replicate));
    const csim_run_info info = {scenario->name, "scenarios/x.yaml", "run:\n  seed: 77\n",
                                scenario->overrides, 1, 1};
    CSIM_ASSERT_OK(csim_trajectory_open(&traj, path, true, sim, &info));
    CSIM_ASSERT_OK(csim_trajectory_close(&traj));
    csim_sim_free(&sim);
}

Test(recorded, parameters_round_trip_bit_for_bit) {
    char dir[1024], path[1200];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "recorded_round_trip", "run.h5");
    /* Values that print with many digits, to exercise the exact text form. */
    static const char *const overrides[] = {"run.seed=77", "run.steps=3",
                                            "run.scale=0.30000000000000004"};
    csim_scenario scenario;
    CSIM_ASSERT_OK(csim_scenario_from_defaults(&scenario, "round-trip", overrides, 3));
    write_run(path, &scenario, 5);

    csim_h5_reader r;
    csim_recorded_run run;
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    CSIM_ASSERT_OK(csim_recorded_run_read(&run, &r));
    csim_h5_reader_close(&r);
    cr_assert_eq(run.replicate, 5);
    cr_assert_str_eq(run.scenario.name, "round-trip");
    cr_assert_str_eq(run.scenario.path, "scenarios/x.yaml");
    cr_assert_str_eq(run.scenario.text, "run:\n  seed: 77\n");
    cr_assert_str_eq(run.scenario.overrides, scenario.overrides);
    cr_assert(run.stream_key[0] == '0' && run.stream_key[1] == 'x', "%s", run.stream_key);
    cr_assert_eq(run.scenario.params.run_scale, 0.30000000000000004);

    const csim_schema *schema = csim_params_schema();
    for (size_t k = 0; k < schema->n_params; ++k) {
        const csim_param_desc *d = &schema->params[k];
        char want[2048], got[2048];
        csim_schema_format(d, &scenario.params, want, sizeof want);
        csim_schema_format(d, &run.scenario.params, got, sizeof got);
        cr_assert_str_eq(got, want, "parameter %s", d->name);
        const char *a = (const char *) &scenario.params + d->offset;
        const char *b = (const char *) &run.scenario.params + d->offset;
        /* A vector's components past its names, and a series (compared through its text
         * above), are left out of the bit-for-bit comparison. */
        size_t size = csim_schema_type_size(d->type);
        if (d->type == CSIM_PT_VEC) {
            size = d->n_names * sizeof(double);
        } else if (d->type == CSIM_PT_SERIES) {
            size = 0;
        }
        cr_assert_eq(memcmp(a, b, size), 0, "parameter %s bit for bit", d->name);
    }
    csim_recorded_run_destroy(&run);
    csim_recorded_run_destroy(&run);
    csim_scenario_destroy(&scenario);
}

/* A file with just the parts csim_recorded_run_read needs, `yaml` as resolved text. */
static void write_fake(const char *path, const char *yaml, bool with_replicate) {
    csim_h5_file f;
    CSIM_ASSERT_OK(csim_h5_create(&f, path, "tester", "test", true));
    CSIM_ASSERT_OK(csim_h5_dataset_write_text(&f, "/parameters/resolved_yaml", yaml));
    CSIM_ASSERT_OK(csim_h5_dataset_write_text(&f, "/parameters/scenario_text", ""));
    CSIM_ASSERT_OK(csim_h5_dataset_write_text(&f, "/parameters/overrides", ""));
    if (with_replicate) {
        const int64_t replicate = 2;
        CSIM_ASSERT_OK(csim_h5_attr_write_num(&f, "/parameters", "replicate", CSIM_H5_INT64, &replicate, 1));
    }
    CSIM_ASSERT_OK(csim_h5_commit(&f));
}

static csim_status read_fake(const char *path, csim_recorded_run *run) {
    csim_h5_reader r;
    CSIM_ASSERT_OK(csim_h5_reader_open(&r, path));
    const csim_status st = csim_recorded_run_read(run, &r);
    csim_h5_reader_close(&r);
    return st;
}

/* Every parameter of `p` as resolved text, the form trajectories record. */
static char *resolved_text(const csim_params *p) {
    char *text = NULL;
    CSIM_ASSERT_OK(csim_params_resolved_text(p, &text));
    return text;
}

Test(recorded, complete_records_are_read_and_partial_ones_refused) {
    char dir[1024], path[1200];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "recorded_partial", "run.h5");
    csim_params p;
    CSIM_ASSERT_OK(csim_params_defaults(&p));
    p.run_steps = 7;
    p.run_seed = 12;
    char *full = resolved_text(&p);
    csim_recorded_run run;

    /* Complete (a blank line is fine): every value is the recorded one. */
    char *blank = malloc(strlen(full) + 2);
    cr_assert_not_null(blank);
    sprintf(blank, "\n%s", full);
    write_fake(path, blank, true);
    CSIM_ASSERT_OK(read_fake(path, &run));
    cr_assert_eq(run.scenario.params.run_steps, 7);
    cr_assert_eq(run.scenario.params.run_seed, 12);
    cr_assert_eq(run.replicate, 2);
    cr_assert_str_eq(run.scenario.name, "recorded", "no scenario_name recorded");
    cr_assert_str_eq(run.code_commit, "");
    csim_recorded_run_destroy(&run);

    /* The old behaviour filled the gaps with today's defaults; now they are refused. */
    write_fake(path, "run.steps: 7\n\nrun.seed: 12\n", true);
    cr_assert_eq(read_fake(path, &run), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), "records 2 of the"), "%s", csim_last_error());
    cr_assert(strstr(csim_last_error(), "missing: run.start_year, run.scale"), "%s",
              csim_last_error());

    /* One line removed: exactly that parameter is named. */
    char *cut = malloc(strlen(full) + 1);
    cr_assert_not_null(cut);
    strcpy(cut, full);
    char *line = strstr(cut, "\nties.decay: ");
    cr_assert_not_null(line);
    memmove(line + 1, strchr(line + 1, '\n') + 1, strlen(strchr(line + 1, '\n') + 1) + 1);
    write_fake(path, cut, true);
    cr_assert_eq(read_fake(path, &run), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), "missing: ties.decay."), "%s", csim_last_error());

    /* A parameter twice: which one counts would be a guess. */
    char *twice = malloc(strlen(full) + 32);
    cr_assert_not_null(twice);
    sprintf(twice, "%srun.steps: 8\n", full);
    write_fake(path, twice, true);
    cr_assert_eq(read_fake(path, &run), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), "'run.steps' 2 times"), "%s", csim_last_error());

    free(twice);
    free(cut);
    free(blank);
    free(full);
}

Test(recorded, foreign_and_unusable_records_are_refused) {
    char dir[1024], path[1200];
    csim_test_scratch_file(dir, sizeof dir, path, sizeof path, "recorded_bad", "run.h5");
    csim_recorded_run run;

    write_fake(path, "run.steps: 7\nrun.warp_drive: 9\n", true);
    cr_assert_eq(read_fake(path, &run), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), path), "names the file: %s", csim_last_error());
    cr_assert(strstr(csim_last_error(), "run.warp_drive"), "names the key: %s", csim_last_error());

    write_fake(path, "run.steps 7\n", true);
    cr_assert_eq(read_fake(path, &run), CSIM_EPARSE);
    cr_assert(strstr(csim_last_error(), "line 1"), "%s", csim_last_error());

    write_fake(path, "run.steps: 7\n", false);
    cr_assert_eq(read_fake(path, &run), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "replicate"), "%s", csim_last_error());

    csim_h5_file f;
    CSIM_ASSERT_OK(csim_h5_create(&f, path, "tester", "test", true));
    CSIM_ASSERT_OK(csim_h5_commit(&f));
    cr_assert_eq(read_fake(path, &run), CSIM_EINVAL);
    cr_assert(strstr(csim_last_error(), "not a clustersim trajectory"), "%s", csim_last_error());
    csim_recorded_run_destroy(&run);
}
