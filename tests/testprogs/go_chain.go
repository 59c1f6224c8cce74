// A Go net/http front -> back chain for kotel's parent-link e2e test
// (tests/e2e/go_parents_test.sh), standard library only, no tracing:
//
//	-mode back  -port P               GET /leaf/<id> answers 200
//	-mode front -port P -back URL     GET /call/<id> waits a random 0-5 ms, then GETs URL/leaf/<id>
//	-mode load  -target URL -n N -c C N requests GET URL/call/<i> from C goroutines
package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

func main() {
	mode := flag.String("mode", "", "back | front | load")
	port := flag.Int("port", 0, "listen port (back, front)")
	back := flag.String("back", "", "base URL of the back (front)")
	target := flag.String("target", "", "base URL of the front (load)")
	n := flag.Int("n", 200, "requests (load)")
	c := flag.Int("c", 8, "concurrency (load)")
	flag.Parse()
	switch *mode {
	case "back":
		http.HandleFunc("/leaf/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "leaf") })
		serve(*port)
	case "front":
		client := &http.Client{Timeout: 10 * time.Second}
		http.HandleFunc("/call/", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(time.Duration(rand.Intn(5001)) * time.Microsecond)
			resp, err := client.Get(*back + "/leaf/" + strings.TrimPrefix(r.URL.Path, "/call/"))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadGateway)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			io.WriteString(w, "called")
		})
		serve(*port)
	case "load":
		os.Exit(load(*target, *n, *c))
	default:
		fmt.Fprintln(os.Stderr, "usage: go_chain -mode back|front|load ...")
		os.Exit(2)
	}
}

func serve(port int) {
	fmt.Println("listening", port)
	if err := http.ListenAndServe(fmt.Sprintf("127.0.0.1:%d", port), nil); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func load(target string, n, c int) int {
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: c}}
	ids := make(chan int)
	var failed int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < c; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ids {
				resp, err := client.Get(fmt.Sprintf("%s/call/r%d", target, i))
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 200 {
					mu.Lock()
					failed++
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		ids <- i
	}
	close(ids)
	wg.Wait()
	if failed > 0 {
		fmt.Fprintln(os.Stderr, failed, "requests failed")
		return 1
	}
	return 0
}
