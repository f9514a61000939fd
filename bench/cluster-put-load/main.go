// cluster-put-load: a closed-loop put load generator for bench/cluster-put, in the manner of
// etcd's "benchmark put": --conns gRPC connections (clientv3 clients) shared round robin by
// --clients goroutines, each putting --total/--clients keys of --key-size bytes (uniform over
// --key-space, seeded) with --val-size byte values, one put at a time. Prints one line:
//   ops=<n> errors=<n> seconds=<s> ops_per_sec=<x> p50_ms=<x> p99_ms=<x>
// Built in GOPATH mode against Debian's golang-etcd-server-dev (clientv3 3.4).
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/clientv3"
)

func main() {
	endpoints := flag.String("endpoints", "127.0.0.1:2379", "comma-separated client URLs")
	conns := flag.Int("conns", 8, "gRPC connections")
	clients := flag.Int("clients", 32, "concurrent writers")
	total := flag.Int("total", 20000, "puts in all")
	keySize := flag.Int("key-size", 8, "key bytes")
	valSize := flag.Int("val-size", 256, "value bytes")
	keySpace := flag.Int("key-space", 100000, "distinct keys")
	seed := flag.Int64("seed", 1, "random seed for the keys")
	insecure := flag.Bool("insecure-skip-tls-verify", false, "https endpoints without verification")
	flag.Parse()

	var cs []*clientv3.Client
	for i := 0; i < *conns; i++ {
		cfg := clientv3.Config{Endpoints: strings.Split(*endpoints, ","), DialTimeout: 10 * time.Second}
		if *insecure {
			cfg.TLS = &tls.Config{InsecureSkipVerify: true}
		}
		c, err := clientv3.New(cfg)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cluster-put-load:", err)
			os.Exit(1)
		}
		defer c.Close()
		cs = append(cs, c)
	}
	value := strings.Repeat("v", *valSize)
	per := *total / *clients
	lat := make([][]time.Duration, *clients)
	errs := make([]int, *clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < *clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewSource(*seed + int64(w)))
			c := cs[w%len(cs)]
			for i := 0; i < per; i++ {
				key := fmt.Sprintf("%0*d", *keySize, r.Intn(*keySpace))
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				t0 := time.Now()
				_, err := c.Put(ctx, key, value)
				cancel()
				if err != nil {
					errs[w]++
					continue
				}
				lat[w] = append(lat[w], time.Since(t0))
			}
		}(w)
	}
	wg.Wait()
	elapsed := time.Since(start).Seconds()
	var all []time.Duration
	nerr := 0
	for w := range lat {
		all = append(all, lat[w]...)
		nerr += errs[w]
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	pct := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return float64(all[int(p*float64(len(all)-1))].Microseconds()) / 1000
	}
	fmt.Printf("ops=%d errors=%d seconds=%.2f ops_per_sec=%.0f p50_ms=%.2f p99_ms=%.2f\n",
		len(all), nerr, elapsed, float64(len(all))/elapsed, pct(0.50), pct(0.99))
	if nerr > 0 {
		os.Exit(1)
	}
}
