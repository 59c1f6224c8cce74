#!/usr/bin/env python3
"""Writes the decoder fuzz target's seed corpus (tests/fuzz/corpus/decoder/):
one record of each kind as the BPF programs emit them, laid out per
bpf/include/kotel/events.h (little endian, sizes checked against its
_Static_asserts), plus a perf-padded record and cut ones.
Usage: tests/fuzz/decoder_seeds.py [out-dir]"""
import os
import socket
import struct
import sys

HDR = "<HHIQ"                   # type, size, cpu, ts_ns
TUPLE = "16s16sHHHH"            # saddr, daddr, sport, dport, family, pad
CONN_ID = "IiQ"                 # pid, fd, gen
SIZES = {"open": 104, "close": 56, "data": 64, "state": 80, "exec": 304, "exit": 32, "fork": 32, "tcp": 80, "log": 40, "user": 336}
EV = {"open": 1, "close": 2, "data": 3, "state": 4, "exec": 5, "exit": 6, "fork": 7, "tcp": 8, "log": 9, "user": 10}
TS = 1_234_567_890_123


def v4(addr):  # v4-mapped, as the kernel side stores IPv4
    return b"\0" * 10 + b"\xff\xff" + socket.inet_aton(addr)


def tuple_of(saddr, sport, daddr, dport, family=socket.AF_INET):
    return (v4(saddr), v4(daddr), sport, dport, family, 0)


def record(kind, body_fmt, *fields, payload=b"", cpu=0):
    fixed = struct.calcsize("<" + body_fmt) + struct.calcsize(HDR)
    assert fixed == SIZES[kind], (kind, fixed)
    size = fixed + len(payload)
    return struct.pack(HDR, EV[kind], size, cpu, TS) + struct.pack("<" + body_fmt, *fields) + payload


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "decoder")
    os.makedirs(out, exist_ok=True)
    conn = (4242, 5, 7)
    server = tuple_of("127.0.0.1", 8080, "127.0.0.1", 51000)
    request = b"GET /users/42 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n"
    response = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"id\":42,"
    log_line = b'{"level":"error","msg":"payment failed","order":42}\n'
    seeds = {
        # accept() of 127.0.0.1:51000 -> :8080 (server, syscall hooks)
        "conn_open_accept": record("open", CONN_ID + "IBBHQQ" + TUPLE + "iI", *conn, 4243, 2, 2, 0,
                                   0xffff888004a1c000, 0x1f3, *server, 0, 0),
        "conn_close_tcp": record("close", CONN_ID + "IB3xQQ", *conn, 4243, 3, len(response) + 4900, len(request)),
        # the request read by the server (recvfrom), whole
        "data_ingress_request": record("data", CONN_ID + "IBBBBQQII", *conn, 4243, 2, 6, 0, 0, 0, len(request),
                                       len(request), 0, payload=request),
        # the response written (writev) and cut at the payload prefix: truncated
        "data_egress_truncated": record("data", CONN_ID + "IBBBBQQII", *conn, 4243, 1, 4, 1, 0, 0, 5077,
                                        len(response), 0, payload=response),
        # sendfile: bytes counted, no payload
        "data_sendfile_no_payload": record("data", CONN_ID + "IBBBBQQII", *conn, 4243, 1, 9, 2, 0, 5077, 1 << 20,
                                           0, 0),
        "sock_state_established": record("state", "QiiII" + TUPLE, 0xffff888004a1c000, 2, 1, 0, 0,
                                         *tuple_of("10.0.0.2", 40000, "10.0.0.9", 443)),
        "tcp_signal_reset": record("tcp", "QIiII" + TUPLE, 0xffff888004a1c000, 3, 2, 4242, 0,
                                   *tuple_of("10.0.0.2", 40000, "10.0.0.9", 443)),
        "proc_exec_curl": record("exec", "IIQ16s256s", 4300, 4242, 0x1f3, b"curl", b"/usr/bin/curl"),
        "proc_exit_oom": record("exit", "IiII", 4300, 9, 1, 0),
        "proc_fork_thread": record("fork", "IIII", 4242, 4242, 4242, 4250),
        # a user probe's call: compute_price(42, "sku-42") returned 4206
        "user_probe_call": record("user", "IIQIIq4q64s64s64s64s", 4242, 4250, TS - 5000, 0, 0, 4206, 42, 0, 0, 0,
                                  b"", b"sku-42", b"", b""),
        # a JSON log line written to stderr
        "log_write_stderr": record("log", "IIQIBBBB", 4242, 4250, len(log_line), len(log_line), 2, 2, 0, 0,
                                   payload=log_line),
    }
    # A perf record padded past hdr.size (the padding is not payload).
    seeds["data_perf_padded"] = seeds["data_ingress_request"] + b"\0" * 4
    # Cut records: the header promises more than there is.
    seeds["truncated_data_payload"] = seeds["data_ingress_request"][:64 + 10]
    seeds["truncated_conn_open"] = seeds["conn_open_accept"][:60]
    seeds["truncated_header"] = seeds["proc_exit_oom"][:9]
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
