// Notes the evaluator adds about the profile's regions (issue 17): withdrawn codes answered for
// the code that replaced them.
#pragma once

#include "shebao/eval/result.h"
#include "shebao/profile/profile.h"

namespace shebao {

// One warning `region_code_withdrawn` per region field given as a withdrawn code.
void renumbered_regions(const Profile& profile, EvalResult& r);

class PolicySet;
// EvalResult::local_rules and its text: the work and hukou places whose most specific pack is not a
// city's (DECISIONS.md "Provinces' figures live in a parameters-only pack per province").
// `work_pack` is set.pack_for(work region), which the evaluator has already.
void local_rules(const PolicySet& set, const Profile& profile, int work_pack, EvalResult& r);

}  // namespace shebao
