// W3C Trace Context level 1: tracestate list grammar and limits. Cases from the
// specification's examples and test suite.
#include <gtest/gtest.h>

#include <string>

#include "protocols/context/context.h"

namespace kotel::protocols::context {
namespace {

std::string members(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i)
    s += (i > 1 ? "," : "") + std::string("bar") + std::to_string(i) + "=" + std::to_string(i);
  return s;
}

const std::string kAllKeyChars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
std::string all_value_chars() {
  std::string v;
  for (int c = 0x20; c <= 0x7e; ++c)
    if (c != ',' && c != '=') v.push_back(static_cast<char>(c));
  return v;
}

TEST(Tracestate, ValidListsAreAccepted) {
  const std::string cases[] = {
      "rojo=00f067aa0ba902b7",
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
      "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7",
      "",  // an empty header must be accepted
      " \t ",
      "foo=1,,bar=2,",  // empty members come from joining empty headers
      "foo=1 \t , \t bar=2, \t baz=3",
      "\t foo=1 \t",
      "foo= 1",  // leading spaces belong to the value
      kAllKeyChars + "=" + all_value_chars(),
      kAllKeyChars + "@a-z0-9_-*/=" + all_value_chars(),
      std::string(256, 'z') + "=1",
      std::string(241, 't') + "@" + std::string(14, 'v') + "=1",
      "1tenant@sys=1",  // a tenant id may start with a digit
      "foo=" + std::string(256, 'x'),
      members(32),
      members(32) + ",,",
  };
  for (const auto& c : cases) EXPECT_TRUE(valid_tracestate(c)) << c;
}

TEST(Tracestate, InvalidListsAreRejected) {
  const std::string cases[] = {
      "foo =1",  // no OWS between key and '='
      "FOO=1",
      "foo.bar=1",
      "1foo=1",  // a simple key starts with a letter
      "foo@=1,bar=2",
      "@foo=1,bar=2",
      "foo@@bar=1,bar=2",
      "foo@bar@baz=1,bar=2",
      "t@1v=1",  // a system id starts with a letter
      std::string(257, 'z') + "=1",
      std::string(242, 't') + "@v=1",
      "t@" + std::string(15, 'v') + "=1",
      "foo=bar=baz",
      "foo=",
      "foo=,bar=3",
      "foo",
      "=1",
      "foo=a\tb",
      "foo=caf\xc3\xa9",
      "foo=" + std::string(257, 'x'),
      "foo=1,foo=1",  // one entry per key
      "foo=1,foo=2",
      members(33),
  };
  for (const auto& c : cases) EXPECT_FALSE(valid_tracestate(c)) << c;
}

}  // namespace
}  // namespace kotel::protocols::context
