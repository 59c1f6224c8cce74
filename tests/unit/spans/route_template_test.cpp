#include "spans/route_template.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace kotel::spans {
namespace {

TEST(UrlPath, TargetForms) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"/", "/"},
      {"/a/b", "/a/b"},
      {"/a/b?x=1&y=2", "/a/b"},
      {"/a/b#frag", "/a/b"},
      {"/a?x#y", "/a"},
      {"/?x=1", "/"},
      {"http://host:80/a?b", "/a"},
      {"https://user@example.com/a/b/c#f", "/a/b/c"},
      {"http://host", "/"},
      {"http://host?q=1", "/"},
      {"http://host:8080#f", "/"},
      {"example.com:443", ""},  // authority-form (CONNECT)
      {"[::1]:443", ""},
      {"*", "*"},  // asterisk-form (OPTIONS)
      {"", ""},
      {"garbage", ""},
      {"1http://host/a", ""},  // not a scheme
      {"http:/host/a", ""},
  };
  for (auto [target, path] : cases) EXPECT_EQ(url_path(target), path) << target;
}

TEST(RedactQuery, KeepsNamesReplacesValues) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"/a", ""},
      {"/a?", ""},
      {"/a?x=1", "x=REDACTED"},
      {"/search?q=secret&page=2&flag", "q=REDACTED&page=REDACTED&flag"},
      {"/a?empty=&b=c", "empty=&b=REDACTED"},
      {"/a?x=1#frag", "x=REDACTED"},
      {"/a#frag?x=1", ""},  // '?' inside the fragment
      {"/a?x=a=b", "x=REDACTED"},
      {"/a?a=1&&b=2", "a=REDACTED&&b=REDACTED"},
      {"http://h/p?AWSAccessKeyId=AKIA&Signature=abc%3D", "AWSAccessKeyId=REDACTED&Signature=REDACTED"},
  };
  for (auto [target, query] : cases) EXPECT_EQ(redact_query(target), query) << target;
}

TEST(RedactQuery, OutputIsBounded) {
  std::string target = "/a?";
  for (int i = 0; i < 1000; ++i) target += "p=1&";
  std::string q = redact_query(target);
  EXPECT_LE(q.size(), kMaxQueryBytes);
  EXPECT_GT(q.size(), kMaxQueryBytes - 20);
  EXPECT_EQ(q.substr(q.size() - 10), "p=REDACTED");  // cut at a parameter boundary
}

TEST(RouteTemplate, Table) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      // words stay
      {"", "/"},
      {"/", "/"},
      {"*", "*"},
      {"/api/v1/users", "/api/v1/users"},
      {"/index.html", "/index.html"},
      {"/static/jquery-3.6.0.min.js", "/static/jquery-3.6.0.min.js"},
      {"/users/", "/users/"},
      {"/getUserById", "/getUserById"},
      {"/getUserPreferencesByAccountId", "/getUserPreferencesByAccountId"},
      {"/my-service-v2-endpoint", "/my-service-v2-endpoint"},
      {"/deadbeef", "/deadbeef"},  // hex without a digit is a word
      {"/abc1234", "/abc1234"},    // too short for {hex}
      // ids
      {"/users/123", "/users/{id}"},
      {"/users/123/orders/0", "/users/{id}/orders/{id}"},
      {"/v2/items/99999999999999999999999999999999999999999999999999999999999999999999999", "/v2/items/{id}"},
      {"/u/550e8400-e29b-41d4-a716-446655440000", "/u/{uuid}"},
      {"/u/550E8400-E29B-41D4-A716-446655440000/x", "/u/{uuid}/x"},
      {"/reports/2024-01-31", "/reports/{date}"},
      {"/reports/2024-13-31", "/reports/2024-13-31"},  // no month 13
      {"/commits/5f2b3c4d", "/commits/{hex}"},
      {"/commits/3f786850e387550fdab836ed7e6dc881de23001b", "/commits/{hex}"},
      {"/objects/550e8400e29b41d4a716446655440000", "/objects/{hex}"},
      {"/t/eyJhbGciOiJIUzI1NiJ9", "/t/{token}"},
      {"/t/Zm9vYmFyYmF6cXV4", "/t/{token}"},
      {"/t/Zm9vYmFyYmF6cXV4YQ==", "/t/{token}"},
      {"/t/user12345678abcdef", "/t/{token}"},
      {"/t/QWErtyUIOpasDFghJK", "/t/{token}"},  // base64url letters only, random case
      {"/s/xK9_mQ2-vL8pR4tZ7wY3", "/s/{token}"},
      // extensions
      {"/files/123.json", "/files/{id}.json"},
      {"/logs/2024-01-31.log", "/logs/{date}.log"},
      {"/img/5f2b3c4d9a.png", "/img/{hex}.png"},
      // percent-encoded segments are decoded only to classify
      {"/users/%31%32%33", "/users/{id}"},
      {"/search/hello%20world", "/search/hello%20world"},
      {"/x/%zz", "/x/%zz"},
      {"/x/100%", "/x/100%"},
      // query and fragment ignored
      {"/users/42?x=1", "/users/{id}"},
      {"/users/42#top", "/users/{id}"},
      // odd bytes and long segments are opaque
      {"/a/caf\xc3\xa9", "/a/{token}"},
      {"/a/b c", "/a/{token}"},
      {"/a//b", "/a//b"},
      {"relative/7", "/relative/{id}"},
  };
  for (auto [path, tmpl] : cases) EXPECT_EQ(route_template(path), tmpl) << path;
}

TEST(RouteTemplate, LongSegmentIsOpaque) {
  std::string slug(kMaxSegmentBytes + 1, 'a');
  EXPECT_EQ(route_template("/blog/" + slug), "/blog/{token}");
  std::string fits(kMaxSegmentBytes, 'a');
  EXPECT_EQ(route_template("/blog/" + fits), "/blog/" + fits);
}

TEST(RouteTemplate, DepthIsCapped) {
  EXPECT_EQ(route_template("/a/b/c/d/e/f/g/h"), "/a/b/c/d/e/f/g/h");
  EXPECT_EQ(route_template("/a/b/c/d/e/f/g/h/"), "/a/b/c/d/e/f/g/h/");
  EXPECT_EQ(route_template("/a/b/c/d/e/f/g/h/i"), "/a/b/c/d/e/f/g/h/{rest}");
  EXPECT_EQ(route_template("/a/1/c/2/e/3/g/4/i/5/k/6"), "/a/{id}/c/{id}/e/{id}/g/{id}/{rest}");
  EXPECT_EQ(route_template(std::string(1000, '/')), "/" + std::string(7, '/') + "/{rest}");
}

TEST(RouteTemplate, LengthIsCapped) {
  std::string seg(kMaxSegmentBytes, 'w');
  std::string path;
  for (int i = 0; i < 6; ++i) path += "/" + seg;
  std::string t = route_template(path);
  EXPECT_LE(t.size(), kMaxTemplateBytes);
  EXPECT_EQ(t, "/" + seg + "/" + seg + "/" + seg + "/{rest}");
}

TEST(RouteTemplate, BoundedOnRandomInput) {
  uint64_t x = 0x9e3779b97f4a7c15ull;
  for (int i = 0; i < 5000; ++i) {
    std::string path;
    size_t len = i % 300;
    for (size_t j = 0; j < len; ++j) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      path += static_cast<char>(j % 5 == 0 ? '/' : x & 0xff);
    }
    std::string t = route_template(path);
    ASSERT_LE(t.size(), kMaxTemplateBytes);
    ASSERT_EQ(t[0], '/');
    for (char c : t) ASSERT_TRUE(c > ' ' && c < 0x7f) << path;
    (void)url_path(path);
    (void)redact_query(path);
  }
}

TEST(TemplateLimiter, AdmitsUpToTheCapThenOverflows) {
  TemplateLimiter limiter(2);
  EXPECT_EQ(limiter.admit("svc", "/a"), "/a");
  EXPECT_EQ(limiter.admit("svc", "/b"), "/b");
  EXPECT_EQ(limiter.admit("svc", "/c"), TemplateLimiter::kOverflow);
  EXPECT_EQ(limiter.admit("svc", "/d"), TemplateLimiter::kOverflow);
  EXPECT_EQ(limiter.admit("svc", "/a"), "/a");  // known ones still pass
  EXPECT_EQ(limiter.overflowed(), 2u);
  EXPECT_EQ(limiter.admit("other", "/c"), "/c");  // the cap is per service
  EXPECT_EQ(limiter.overflowed(), 2u);
}

TEST(TemplateLimiter, ViewsAreStableAndOwned) {
  TemplateLimiter limiter(1000);
  std::string tmpl = "/users/{id}";
  std::string_view first = limiter.admit("svc", tmpl);
  tmpl.assign("/changed/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");  // the caller's buffer is reused
  // Many more templates: the sets rehash, the stored strings do not move.
  for (int i = 0; i < 900; ++i) limiter.admit("svc", "/t/" + std::to_string(i));
  EXPECT_EQ(first, "/users/{id}");
  EXPECT_EQ(limiter.admit("svc", "/users/{id}").data(), first.data());
}

TEST(TemplateLimiter, ServicesAreCapped) {
  TemplateLimiter limiter(10, 2);
  EXPECT_EQ(limiter.admit("a", "/x"), "/x");
  EXPECT_EQ(limiter.admit("b", "/x"), "/x");
  EXPECT_EQ(limiter.admit("c", "/x"), TemplateLimiter::kOverflow);
  EXPECT_EQ(limiter.services(), 2u);
  EXPECT_EQ(limiter.overflowed(), 1u);
  EXPECT_EQ(limiter.admit("a", "/y"), "/y");
}

TEST(TemplateLimiter, OverlongTemplateOverflows) {
  TemplateLimiter limiter;
  EXPECT_EQ(limiter.admit("svc", std::string(kMaxTemplateBytes + 1, 'x')), TemplateLimiter::kOverflow);
  EXPECT_EQ(limiter.overflowed(), 1u);
}

}  // namespace
}  // namespace kotel::spans
