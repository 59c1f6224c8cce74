#pragma once
// Local TCP ports that have a listener: a connection on one of them, first seen
// mid-stream, was accepted (server); anything else was connected (client).

#include <cstdint>
#include <unordered_map>

namespace kotel::connections {

class ListeningPorts {
 public:
  void add(uint16_t port) { ++count_[port]; }
  void remove(uint16_t port) {
    auto it = count_.find(port);
    if (it != count_.end() && --it->second == 0) count_.erase(it);
  }
  bool contains(uint16_t port) const { return count_.count(port) != 0; }
  size_t size() const { return count_.size(); }

 private:
  std::unordered_map<uint16_t, uint32_t> count_;  // several sockets may listen on one port
};

}  // namespace kotel::connections
