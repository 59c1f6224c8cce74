#include "probes/link_teardown.h"

#include <bpf/libbpf.h>

#include <thread>

namespace kotel::probes {

void destroy_links(std::vector<bpf_link*>& links) {
  if (links.size() <= 1) {
    for (bpf_link* l : links) bpf_link__destroy(l);
    links.clear();
    return;
  }
  std::vector<std::thread> threads;
  threads.reserve(links.size());
  for (bpf_link* l : links) threads.emplace_back([l] { bpf_link__destroy(l); });
  for (auto& t : threads) t.join();
  links.clear();
}

}  // namespace kotel::probes
