// Schema reading: parameters. A parameter is declared (type, label, renewal) by one pack; a
// descendant pack that overrides it gives only its figures (values, by_region, source, note).
// Declarations are collected first (declare_parameters), so that expressions anywhere can name
// any parameter; the figures are read with the pack's files (read_parameter_values).
#include "policy/compiler.h"

namespace shebao::internal {

namespace W = wording;

namespace {
bool snake_id(const std::string& id) {
  if (id.empty()) return false;
  for (char ch : id)
    if (!(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_'))
      return false;
  return true;
}
}  // namespace

void Compiler::declare_parameters() {
  for (std::size_t pi = 0; pi < set_->packs.size(); ++pi) {
    pack_ = static_cast<int>(pi);
    for (const auto& f : sources_[pack_source_[pi]].files) {
      if (f.rel == sources_[pack_source_[pi]].dir + "/pack.yaml" || !f.root.is_mapping()) continue;
      const DocNode* params = f.root.find("parameters");
      if (!params) continue;
      file_ = &f;
      if (!params->is_mapping()) {
        error(params->pos, "invalid_type", W::parameters_mapping());
        continue;
      }
      for (const auto& e : params->entries) {
        const DocNode* type_node = e.value.is_mapping() ? e.value.find("type") : nullptr;
        if (!type_node) continue;  // an override of an ancestor's parameter, checked in read_parameter_values
        auto type_text = scalar(type_node, "type");
        if (!type_text) continue;
        auto type = parse_type_name(*type_text);
        if (!type) {
          error(type_node->pos, "invalid_type_name", W::unknown_type_name(*type_text));
          continue;
        }
        if (const DocNode* unit_node = e.value.find("unit")) {
          // A unit that does not fit is reported; the parameter is still declared, without it.
          if (auto unit_text = scalar(unit_node, "unit")) {
            if (auto unit = parse_unit(*unit_text, type->kind))
              type->unit = *unit;
            else
              error(unit_node->pos, "invalid_unit", W::invalid_unit(*unit_text, type->name()));
          }
        }
        if (!snake_id(e.key)) {
          error(e.key_pos, "invalid_id", W::parameter_id(e.key));
          continue;
        }
        auto it = set_->param_index.find(e.key);
        if (it == set_->param_index.end()) {
          ParamDef def;
          def.id = e.key;
          def.type = *type;
          def.declared_in = set_->packs[pi].id;
          it = set_->param_index.emplace(e.key, static_cast<std::uint32_t>(set_->params.size())).first;
          set_->params.push_back(std::move(def));
        } else if (!(set_->params[it->second].type == *type) || set_->params[it->second].type.unit != type->unit) {
          // The unit is named when it is what differs ("number (ratio)" against "number").
          auto with_unit = [](const Type& t) {
            return t.unit == Unit::kNone ? t.name() : t.name() + " (" + std::string(unit_name(t.unit)) + ")";
          };
          error(type_node->pos, "type_mismatch",
                W::type_mismatch(e.key, with_unit(*type), with_unit(set_->params[it->second].type),
                                 set_->params[it->second].declared_in));
        }
        declared_by_.emplace(std::pair{it->second, static_cast<int>(pi)});
      }
    }
  }
  file_ = nullptr;
}

// The pack of `pack`'s chain, other than itself, that declares parameter k; -1 when none.
int Compiler::ancestor_declaring(std::uint32_t k, int pack) const {
  for (int member : set_->packs[static_cast<std::size_t>(pack)].chain)
    if (member != pack && declared_by_.count({k, member})) return member;
  return -1;
}

std::vector<ParamVersion> Compiler::read_versions(const DocNode* n, const ParamDef& def, const Citation* default_source,
                                                  const std::string& default_note) {
  std::vector<ParamVersion> out;
  if (!n) return out;
  if (!n->is_mapping()) {
    error(n->pos, "invalid_type", W::values_mapping());
    return out;
  }
  std::optional<Date> prev;
  for (const auto& e : n->entries) {
    auto from = Date::parse(e.key);
    if (!from) {
      error(e.key_pos, "invalid_date", W::not_a_date(e.key));
      continue;
    }
    if (prev && *from == *prev) {
      error(e.key_pos, "duplicate_date", W::duplicate_date(e.key));
    } else if (prev && *from < *prev) {
      error(e.key_pos, "unsorted_dates", W::unsorted_dates(e.key, prev->to_string()));
    }
    prev = from;
    ParamVersion v;
    v.from = *from;
    if (e.value.is_null()) {
      v.ends = true;
      out.push_back(std::move(v));
      continue;
    }
    Fields f(*this, &e.value, W::value_of(def.id, e.key));
    if (!f.ok()) continue;
    const DocNode* value = f.req("value");
    auto verified = boolean(f.req("verified"), "verified");
    const DocNode* source = f.get("source");
    auto note = scalar(f.get("note"), "note");
    f.done();
    if (value) {
      std::string err;
      auto parsed = parse_value(*value, def.type, set_->program.pool(), err);
      if (!parsed)
        error(value->pos, "invalid_value", W::invalid_value(def.id, def.type.name(), err));
      else
        v.value = *parsed, v.slot = Slot::from(*parsed);
    }
    v.verified = verified.value_or(false);
    if (source) {
      if (auto c = source_ref(source, &v.note)) v.source = *c;
    } else if (default_source) {
      v.source = *default_source;
      v.note = default_note;
    } else {
      error(e.key_pos, "missing_source", W::missing_source(def.id, e.key));
    }
    if (note) v.note = v.note.empty() ? *note : v.note + "; " + *note;
    out.push_back(std::move(v));
  }
  return out;
}

void Compiler::read_parameter_values(const DocNode& n) {
  if (!n.is_mapping()) return;  // reported in declare_parameters
  for (const auto& e : n.entries) {
    Fields f(*this, &e.value, W::parameter_named(e.key));
    if (!f.ok()) continue;
    // Defended duplicate: read_outcome (reader_rules.cpp) takes its keys the same way; each
    // reader names the keys of its own section, and Fields is what they share.
    const DocNode* type = f.get("type");
    const DocNode* label_node = f.get("label");
    const DocNode* renewal_node = f.get("renewal");
    const DocNode* unit_node = f.get("unit");
    const DocNode* source = f.get("source");
    const DocNode* values = f.get("values");
    const DocNode* by_region = f.get("by_region");
    scalar(f.get("note"), "note");
    f.done();
    auto it = set_->param_index.find(e.key);
    const int declaring = it == set_->param_index.end() ? -1 : ancestor_declaring(it->second, pack_);
    if (type) {
      // A declaration: its label is required; an ancestor must not declare it too.
      if (declaring >= 0) {
        // A different type was reported as type_mismatch already.
        const auto written = type->is_scalar() ? parse_type_name(type->text) : std::nullopt;
        if (written && *written == set_->params[it->second].type)
          error(type->pos, "parameter_redeclared",
                W::parameter_redeclared(e.key, set_->packs[static_cast<std::size_t>(declaring)].id));
        continue;
      }
      if (!label_node) error(e.value.pos, "missing_key", W::needs_key(W::parameter_named(e.key), "label"));
    } else if (it == set_->param_index.end() || declaring < 0) {
      error(e.key_pos, "undeclared_parameter", W::undeclared_parameter(e.key));
      continue;
    } else if (label_node || renewal_node || unit_node) {
      // An override: what the declaration says is not repeated (it would be ignored, or would
      // change the parameter for every pack).
      const DocNode* extra = label_node ? label_node : renewal_node ? renewal_node : unit_node;
      const char* key = label_node ? "label" : renewal_node ? "renewal" : "unit";
      error(extra->pos, "override_restates",
            W::override_restates(e.key, key, set_->packs[static_cast<std::size_t>(declaring)].id));
      continue;
    }
    if (it == set_->param_index.end()) continue;  // its type was reported
    ParamDef& def = set_->params[it->second];
    if (type) {
      if (auto label = text(label_node, "label"); label && def.label.zh.empty()) def.label = *label;
      if (auto renewal = scalar(renewal_node, "renewal")) {
        if (*renewal == "yearly") def.renewal_yearly = true;
        else error(renewal_node->pos, "invalid_value", W::renewal_yearly());
      }
    }
    std::optional<Citation> default_source;
    std::string default_note;
    if (source) default_source = source_ref(source, &default_note);
    ParamTable& table = set_->packs[pack_].params[it->second];
    if (table.declared_here) {
      error(e.key_pos, "duplicate_parameter", W::duplicate_parameter(e.key));
      continue;
    }
    table.declared_here = true;
    if (!values) error(e.value.pos, "missing_key", W::parameter_needs_values(e.key));
    table.values = read_versions(values, def, default_source ? &*default_source : nullptr, default_note);
    if (!by_region) continue;
    if (!by_region->is_mapping()) {
      error(by_region->pos, "invalid_type", W::by_region_mapping());
      continue;
    }
    for (const auto& r : by_region->entries) {
      auto code = Region::parse(r.key);
      if (!code || !set_->packs[pack_].jurisdiction.contains(*code)) {
        error(r.key_pos, "invalid_region", W::region_outside(r.key, set_->packs[pack_].jurisdiction.to_string()));
        continue;
      }
      Fields rf(*this, &r.value, W::by_region_named(r.key));
      if (!rf.ok()) continue;
      const DocNode* rv = rf.req("values");
      rf.done();
      table.by_region.emplace_back(code->code(),
                                   read_versions(rv, def, default_source ? &*default_source : nullptr, default_note));
    }
  }
}

}  // namespace shebao::internal
