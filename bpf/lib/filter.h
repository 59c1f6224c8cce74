/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* In-kernel filters: userspace should rarely receive what it throws away. */
#ifndef KOTEL_BPF_FILTER_H
#define KOTEL_BPF_FILTER_H

/* Whether events of this process are wanted at all. */
static __always_inline bool filter__pid_ok(__u32 tgid)
{
	__u8 *v;

	if (tgid == agent_tgid)
		return false;
	if (!pid_filter)
		return true; /* the common case costs no lookup */
	v = bpf_map_lookup_elem(&filter_pids, &tgid);
	if (pid_filter == 1)
		return v && *v == KOTEL_FILTER_INCLUDE;
	return !(v && *v == KOTEL_FILTER_EXCLUDE);
}

static __always_inline __u8 filter__port_mark(__u16 port)
{
	__u8 *v = bpf_map_lookup_elem(&filter_ports, &port);
	return v ? *v : 0;
}

/* Whether the cgroup filters (--cgroup, --exclude-cgroup) let this cgroup pass. */
static __always_inline bool filter__cgroup_ok(__u64 cgroup_id)
{
	__u8 *cg = bpf_map_lookup_elem(&filter_cgroups, &cgroup_id);

	if (cg && *cg == KOTEL_FILTER_EXCLUDE)
		return false;
	if (cgroup_filter && !(cg && *cg == KOTEL_FILTER_INCLUDE))
		return false;
	return true;
}

/* Whether a new connection is wanted, from its ports and the current cgroup. */
static __always_inline bool filter__conn_ok(const struct kotel_tuple *t, __u64 cgroup_id)
{
	__u8 a = filter__port_mark(t->sport), b = filter__port_mark(t->dport);

	if (a == KOTEL_FILTER_EXCLUDE || b == KOTEL_FILTER_EXCLUDE)
		return false;
	if (port_filter && a != KOTEL_FILTER_INCLUDE && b != KOTEL_FILTER_INCLUDE)
		return false;
	return filter__cgroup_ok(cgroup_id);
}

#endif
