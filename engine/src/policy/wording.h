// Every text the pack compiler writes itself, in Chinese and English: the diagnostics of
// `policies lint` (one function per message) and the warnings rendered into the policy set
// (Compiler::render_param_texts, render_female_default_texts in wording.cpp).
#pragma once

#include <string>
#include <string_view>

#include "shebao/core/text.h"

namespace shebao::internal {

// What a message is about ("rule", "parameter 'x'", a key such as "label"), in both languages.
// From a plain string: a known noun is translated, anything else is a key, shown as written.
struct What {
  std::string en, zh;
  What(const char* s) : What(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  What(std::string s);                            // NOLINT(google-explicit-constructor)
  What(Text t) : en(std::move(t.en)), zh(std::move(t.zh)) {}  // NOLINT(google-explicit-constructor)
  static What key(std::string k) { return Text{"「" + k + "」", std::move(k)}; }
};

namespace wording {

// ---- nouns ----
What item_named(std::string_view kind, std::string_view id);  // "rule 'x'", "scheme 'x'"
What parameter_named(std::string_view id);
What document_named(std::string_view key);
What by_region_named(std::string_view code);
What value_of(std::string_view param, std::string_view date);
Text ancestor_item();
Text ancestor_rule(std::string_view scheme);

// ---- shapes ----
Text must_be_mapping(const What& what);
Text must_be_single(const What& what);
Text must_be_bool(const What& what);
Text must_be_expression(const What& what);
Text must_be_list(std::string_view what, std::string_view of_en, std::string_view of_zh);
Text must_be_duration(const What& what);
Text must_be_integer(const What& what, int lo, int hi);
Text needs_key(const What& what, std::string_view key);
Text unknown_key(std::string_view key, const What& what, std::string_view allowed);
Text invalid_id(const What& what, std::string_view id);
Text invalid_utf8_text();
Text invalid_utf8_key();
Text documents_mapping();
Text parameters_mapping();
Text values_mapping();
Text by_region_mapping();
Text schemes_mapping();
Text relationships_mapping();
Text steps_list();
Text citation_list();

// ---- packs and links ----
Text no_packs();
Text missing_pack_yaml(std::string_view dir);
Text pack_id(std::string_view id, std::string_view dir);
Text bad_jurisdiction(std::string_view code);
Text duplicate_pack(std::string_view id);
Text needs_parent(std::string_view id);
Text two_national_packs(std::string_view a, std::string_view b);
Text no_such_parent(std::string_view parent);
Text outside_parent(std::string_view code, std::string_view parent_code);
Text no_national_pack();
Text pack_cycle(std::string_view id);
Text duplicate_document(std::string_view key, std::string_view ancestor);
Text issued_not_date(std::string_view issued);
Text unknown_document(std::string_view key);
Text missing_citation(const What& what);
Text placement_twice(const What& kind);
Text placement_in_national();
Text unknown_target(std::string_view how, std::string_view target, const Text& what);
// `add_citations:` (SCHEMA.md "Citations by jurisdiction")
Text added_citations_in_national();
Text unknown_added_target(std::string_view target);
Text added_twice(std::string_view target);
Text citation_already(std::string_view target, std::string_view citation);

// ---- parameters ----
Text unknown_type_name(std::string_view type);
Text parameter_id(std::string_view id);
Text type_mismatch(std::string_view id, std::string_view here, std::string_view there, std::string_view pack);
Text parameter_redeclared(std::string_view id, std::string_view declared_in);
Text undeclared_parameter(std::string_view id);
Text override_restates(std::string_view id, std::string_view key, std::string_view declared_in);
Text renewal_yearly();
Text invalid_unit(std::string_view unit, std::string_view type);
Text duplicate_parameter(std::string_view id);
Text parameter_needs_values(std::string_view id);
Text region_outside(std::string_view code, std::string_view jurisdiction);
Text not_a_date(std::string_view text);
Text duplicate_date(std::string_view date);
Text unsorted_dates(std::string_view date, std::string_view previous);
Text invalid_value(std::string_view id, std::string_view type, std::string_view why);
Text missing_source(std::string_view id, std::string_view date);

// ---- expressions and texts ----
Text expression(std::string_view message);
Text placeholder_error(std::string_view placeholder, std::string_view message);
Text unclosed_brace();
Text unmatched_brace();
Text placeholder_is_list(std::string_view placeholder);
Text too_many_placeholders(std::size_t max);
Text unknown_in_text(std::string_view placeholder);
Text hard_coded_figure(std::string_view figure, std::string_view param);

// ---- schemes, rules, items ----
Text unknown_scheme(std::string_view id, std::string_view known);  // known: "" = not listed
Text scheme_name_national_only();
Text duplicate_scheme(std::string_view id);
Text scheme_needs_name(std::string_view id);
Text duplicate_rule_id(std::string_view id, std::string_view scheme);
Text duplicate_item_id(std::string_view kind, std::string_view id);
Text unknown_status(std::string_view status);
Text advice_priority();
Text unknown_channel(std::string_view channel);
Text contribution_mode();
Text contribution_needs_rate();
Text fixed_fee_needs_monthly();
Text option_needs(std::string_view key);
Text unknown_field(std::string_view field);
Text unknown_transfer_kind(std::string_view kind, std::string_view known);
Text relationships_national_only();
Text unknown_relationship(std::string_view id);
Text retirement_national_only();
Text duplicate_retirement();
Text first_birth_month();
Text original_age_50_55();

// ---- whole set ----
Text missing_scheme(std::string_view id);
Text no_rules(std::string_view id);
Text no_fallback(std::string_view id);
Text missing_relationship(std::string_view id);
Text missing_retirement();

}  // namespace wording

}  // namespace shebao::internal
