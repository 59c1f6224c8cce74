#include "config/user_probe_config.h"

#include <yaml-cpp/yaml.h>

#include <set>

namespace kotel::config {
namespace {

[[noreturn]] void bad(const YAML::Node& n, const std::string& probe, const std::string& why) {
  throw YAML::Exception(n.Mark(), "probe '" + probe + "': " + why);
}

UserProbeArg parse_arg(const YAML::Node& n, const std::string& probe, bool usdt) {
  if (!n.IsMap()) bad(n, probe, "an argument is a map {position, name, type}");
  UserProbeArg a;
  for (const auto& kv : n) {
    auto key = kv.first.as<std::string>();
    if (key == "position") a.position = kv.second.as<uint32_t>();
    else if (key == "name") a.name = kv.second.as<std::string>();
    else if (key == "type") {
      auto t = kv.second.as<std::string>();
      if (t != "int" && t != "string") bad(kv.second, probe, "argument type '" + t + "' is neither int nor string");
      a.text = t == "string";
    } else {
      bad(kv.first, probe, "unknown argument key '" + key + "' (position, name, type)");
    }
  }
  if (a.name.empty()) bad(n, probe, "an argument needs a name (its span attribute)");
  if (a.position > (usdt ? 11u : 5u))
    bad(n, probe, "argument position " + std::to_string(a.position) + " is past the " + (usdt ? "12 a USDT probe" : "6 register arguments a function") + " has");
  return a;
}

UserProbeConfig parse_probe(const YAML::Node& n) {
  if (!n.IsMap()) throw YAML::Exception(n.Mark(), "a probe is a map {name, binary, function | usdt, args, ...}");
  UserProbeConfig p;
  p.name = n["name"] ? n["name"].as<std::string>() : std::string();
  if (p.name.empty()) throw YAML::Exception(n.Mark(), "a probe needs a name (its span name)");
  const YAML::Node* args = nullptr;
  for (const auto& kv : n) {
    auto key = kv.first.as<std::string>();
    if (key == "name") continue;
    if (key == "binary") p.binary = kv.second.as<std::string>();
    else if (key == "function") p.function = kv.second.as<std::string>();
    else if (key == "usdt") p.usdt = kv.second.as<std::string>();
    else if (key == "max-per-second") p.max_per_second = kv.second.as<uint32_t>();
    else if (key == "span") p.span = kv.second.as<bool>();
    else if (key == "args") args = &kv.second;
    else bad(kv.first, p.name, "unknown key '" + key + "' (binary, function, usdt, args, max-per-second, span)");
  }
  if (p.binary.empty() || p.binary[0] != '/') bad(n, p.name, "binary must be an absolute path");
  if (p.function.empty() == p.usdt.empty()) bad(n, p.name, "give exactly one of function and usdt");
  if (!p.usdt.empty()) {
    auto colon = p.usdt.find(':');
    if (colon == 0 || colon == std::string::npos || colon + 1 == p.usdt.size())
      bad(n, p.name, "usdt is 'provider:name', not '" + p.usdt + "'");
  }
  if (args) {
    if (!args->IsSequence()) bad(*args, p.name, "args is a list");
    if (args->size() > UserProbeConfig::kMaxArgs)
      bad(*args, p.name, "at most " + std::to_string(UserProbeConfig::kMaxArgs) + " arguments");
    std::set<std::string> names;
    for (const auto& a : *args) {
      p.args.push_back(parse_arg(a, p.name, !p.usdt.empty()));
      if (!names.insert(p.args.back().name).second) bad(a, p.name, "argument name '" + p.args.back().name + "' twice");
    }
  }
  return p;
}

}  // namespace

std::vector<UserProbeConfig> parse_user_probes(const YAML::Node& list) {
  if (!list.IsSequence()) throw YAML::Exception(list.Mark(), "probes is a list");
  if (list.size() > UserProbeConfig::kMaxProbes)
    throw YAML::Exception(list.Mark(), "at most " + std::to_string(UserProbeConfig::kMaxProbes) + " probes");
  std::vector<UserProbeConfig> out;
  std::set<std::string> names;
  for (const auto& n : list) {
    out.push_back(parse_probe(n));
    if (!names.insert(out.back().name).second) throw YAML::Exception(n.Mark(), "probe name '" + out.back().name + "' twice");
  }
  return out;
}

}  // namespace kotel::config
