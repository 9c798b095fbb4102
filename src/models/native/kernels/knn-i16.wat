;; Exact k-nearest-neighbour kernels on small integers (WebAssembly SIMD, no relaxed SIMD).
;;
;; Rows are int16, zero-padded to a multiple of 8 values. `i32x4.dot_i16x8_s` does 8 exact
;; multiply-adds per instruction; the caller guarantees no int32 overflow (row |x|^2 < 2^27 for
;; sq_i16; values within +-16383 and cols * 32766 < 2^30 for l1_i16). `tn` holds the training rows'
;; squared norms (sq_i16) or a penalty added to the distance (l1_i16: 0, or 2^30 for a padding row).
;; Each query keeps a max-heap of its k best (distance, index) pairs, updated exactly as
;; scikit-learn's heap_push with training rows offered in increasing index order, so exact ties
;; resolve as scikit-learn's brute force on one thread.
;;
;; Assemble: node scripts/build-wasm.mjs (writes knn-i16-wasm.ts). Memory is imported so the caller
;; sizes it to the data.
(module
  (import "env" "memory" (memory 1))

;; scikit-learn's heap_push (sklearn/utils/_heap.pyx), step for step, so exact ties resolve as in
  ;; scikit-learn run on one thread: a max-heap of k (distance, index) pairs per query, value[0] the
  ;; largest; a candidate enters only if strictly below value[0], replacing it, then sifts down.
  ;; Returns the new value[0] (the query's threshold).
  (func $heap_push (param $bd i32) (param $bi i32) (param $k i32) (param $d i32) (param $idx i32) (result i32)
    (local $cur i32) (local $left i32) (local $right i32) (local $swap i32) (local $lv i32) (local $rv i32)
    (local.set $cur (i32.const 0))
    (block $done (loop $sift
      (local.set $left (i32.add (i32.shl (local.get $cur) (i32.const 1)) (i32.const 1)))
      (local.set $right (i32.add (local.get $left) (i32.const 1)))
      (br_if $done (i32.ge_s (local.get $left) (local.get $k)))
      (local.set $lv (i32.load (i32.add (local.get $bd) (i32.shl (local.get $left) (i32.const 2)))))
      (if (i32.ge_s (local.get $right) (local.get $k))
        (then
          (br_if $done (i32.le_s (local.get $lv) (local.get $d)))
          (local.set $swap (local.get $left)))
        (else
          (local.set $rv (i32.load (i32.add (local.get $bd) (i32.shl (local.get $right) (i32.const 2)))))
          (if (i32.ge_s (local.get $lv) (local.get $rv))
            (then
              (br_if $done (i32.ge_s (local.get $d) (local.get $lv)))
              (local.set $swap (local.get $left)))
            (else
              (br_if $done (i32.ge_s (local.get $d) (local.get $rv)))
              (local.set $swap (local.get $right))))))
      (i32.store (i32.add (local.get $bd) (i32.shl (local.get $cur) (i32.const 2)))
        (i32.load (i32.add (local.get $bd) (i32.shl (local.get $swap) (i32.const 2)))))
      (i32.store (i32.add (local.get $bi) (i32.shl (local.get $cur) (i32.const 2)))
        (i32.load (i32.add (local.get $bi) (i32.shl (local.get $swap) (i32.const 2)))))
      (local.set $cur (local.get $swap))
      (br $sift)))
    (i32.store (i32.add (local.get $bd) (i32.shl (local.get $cur) (i32.const 2))) (local.get $d))
    (i32.store (i32.add (local.get $bi) (i32.shl (local.get $cur) (i32.const 2))) (local.get $idx))
    (i32.load (local.get $bd)))

  ;; sq_i16: for every query row in [q, q + nq*rowBytes) (nq a multiple of 4) and every
  ;; tile row in [t, t + nt*rowBytes) (nt a multiple of 2), computes the exact integer
  ;; squared euclidean distance |q|^2 + |t|^2 - 2 q.t and offers it to the query's heap.
  (func $sq_i16 (export "sq_i16")
    (param $q i32) (param $qn i32) (param $nq i32) (param $t i32) (param $tn i32) (param $nt i32)
    (param $tIdx0 i32) (param $rowBytes i32) (param $k i32) (param $bd i32) (param $bi i32)
    (local $qb i32) (local $j i32) (local $c i32) (local $listBytes i32)
    (local $p0 i32) (local $thr0 i32) (local $qn0 i32) (local $a0 v128)
    (local $p1 i32) (local $thr1 i32) (local $qn1 i32) (local $a1 v128)
    (local $p2 i32) (local $thr2 i32) (local $qn2 i32) (local $a2 v128)
    (local $p3 i32) (local $thr3 i32) (local $qn3 i32) (local $a3 v128)
    (local $r0 i32) (local $tn0 i32) (local $b0 v128)
    (local $r1 i32) (local $tn1 i32) (local $b1 v128)
    (local $acc00 v128) (local $acc01 v128)
    (local $acc10 v128) (local $acc11 v128)
    (local $acc20 v128) (local $acc21 v128)
    (local $acc30 v128) (local $acc31 v128)
    (local $d i32)
    (local.set $listBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $qb (i32.const 0))
    (block $qdone (loop $qloop
      (br_if $qdone (i32.ge_u (local.get $qb) (local.get $nq)))
      (local.set $p0 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $rowBytes))))
      (local.set $qn0 (i32.load (i32.add (local.get $qn) (i32.shl (i32.add (local.get $qb) (i32.const 0)) (i32.const 2)))))
      (local.set $thr0 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))))
      (local.set $p1 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $rowBytes))))
      (local.set $qn1 (i32.load (i32.add (local.get $qn) (i32.shl (i32.add (local.get $qb) (i32.const 1)) (i32.const 2)))))
      (local.set $thr1 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))))
      (local.set $p2 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $rowBytes))))
      (local.set $qn2 (i32.load (i32.add (local.get $qn) (i32.shl (i32.add (local.get $qb) (i32.const 2)) (i32.const 2)))))
      (local.set $thr2 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))))
      (local.set $p3 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $rowBytes))))
      (local.set $qn3 (i32.load (i32.add (local.get $qn) (i32.shl (i32.add (local.get $qb) (i32.const 3)) (i32.const 2)))))
      (local.set $thr3 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))))
      (local.set $j (i32.const 0))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $j) (local.get $nt)))
        (local.set $r0 (i32.add (local.get $t) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $tn0 (i32.load offset=0 (i32.add (local.get $tn) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $tn1 (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $acc00 (v128.const i32x4 0 0 0 0))
        (local.set $acc01 (v128.const i32x4 0 0 0 0))
        (local.set $acc10 (v128.const i32x4 0 0 0 0))
        (local.set $acc11 (v128.const i32x4 0 0 0 0))
        (local.set $acc20 (v128.const i32x4 0 0 0 0))
        (local.set $acc21 (v128.const i32x4 0 0 0 0))
        (local.set $acc30 (v128.const i32x4 0 0 0 0))
        (local.set $acc31 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $cdone (loop $cloop
          (br_if $cdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
          (local.set $b0 (v128.load (i32.add (local.get $r0) (local.get $c))))
          (local.set $b1 (v128.load (i32.add (local.get $r1) (local.get $c))))
          (local.set $a0 (v128.load (i32.add (local.get $p0) (local.get $c))))
          (local.set $acc00 (i32x4.add (local.get $acc00) (i32x4.dot_i16x8_s (local.get $a0) (local.get $b0))))
          (local.set $acc01 (i32x4.add (local.get $acc01) (i32x4.dot_i16x8_s (local.get $a0) (local.get $b1))))
          (local.set $a1 (v128.load (i32.add (local.get $p1) (local.get $c))))
          (local.set $acc10 (i32x4.add (local.get $acc10) (i32x4.dot_i16x8_s (local.get $a1) (local.get $b0))))
          (local.set $acc11 (i32x4.add (local.get $acc11) (i32x4.dot_i16x8_s (local.get $a1) (local.get $b1))))
          (local.set $a2 (v128.load (i32.add (local.get $p2) (local.get $c))))
          (local.set $acc20 (i32x4.add (local.get $acc20) (i32x4.dot_i16x8_s (local.get $a2) (local.get $b0))))
          (local.set $acc21 (i32x4.add (local.get $acc21) (i32x4.dot_i16x8_s (local.get $a2) (local.get $b1))))
          (local.set $a3 (v128.load (i32.add (local.get $p3) (local.get $c))))
          (local.set $acc30 (i32x4.add (local.get $acc30) (i32x4.dot_i16x8_s (local.get $a3) (local.get $b0))))
          (local.set $acc31 (i32x4.add (local.get $acc31) (i32x4.dot_i16x8_s (local.get $a3) (local.get $b1))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br $cloop)))
        (local.set $d (i32.sub (i32.add (local.get $qn0) (local.get $tn0)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc00)) (i32x4.extract_lane 1 (local.get $acc00))) (i32.add (i32x4.extract_lane 2 (local.get $acc00)) (i32x4.extract_lane 3 (local.get $acc00)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr0)) (then
          (local.set $thr0 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn0) (local.get $tn1)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc01)) (i32x4.extract_lane 1 (local.get $acc01))) (i32.add (i32x4.extract_lane 2 (local.get $acc01)) (i32x4.extract_lane 3 (local.get $acc01)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr0)) (then
          (local.set $thr0 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn1) (local.get $tn0)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc10)) (i32x4.extract_lane 1 (local.get $acc10))) (i32.add (i32x4.extract_lane 2 (local.get $acc10)) (i32x4.extract_lane 3 (local.get $acc10)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr1)) (then
          (local.set $thr1 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn1) (local.get $tn1)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc11)) (i32x4.extract_lane 1 (local.get $acc11))) (i32.add (i32x4.extract_lane 2 (local.get $acc11)) (i32x4.extract_lane 3 (local.get $acc11)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr1)) (then
          (local.set $thr1 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn2) (local.get $tn0)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc20)) (i32x4.extract_lane 1 (local.get $acc20))) (i32.add (i32x4.extract_lane 2 (local.get $acc20)) (i32x4.extract_lane 3 (local.get $acc20)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr2)) (then
          (local.set $thr2 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn2) (local.get $tn1)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc21)) (i32x4.extract_lane 1 (local.get $acc21))) (i32.add (i32x4.extract_lane 2 (local.get $acc21)) (i32x4.extract_lane 3 (local.get $acc21)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr2)) (then
          (local.set $thr2 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn3) (local.get $tn0)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc30)) (i32x4.extract_lane 1 (local.get $acc30))) (i32.add (i32x4.extract_lane 2 (local.get $acc30)) (i32x4.extract_lane 3 (local.get $acc30)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr3)) (then
          (local.set $thr3 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.sub (i32.add (local.get $qn3) (local.get $tn1)) (i32.shl (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc31)) (i32x4.extract_lane 1 (local.get $acc31))) (i32.add (i32x4.extract_lane 2 (local.get $acc31)) (i32x4.extract_lane 3 (local.get $acc31)))) (i32.const 1))))
        (if (i32.lt_s (local.get $d) (local.get $thr3)) (then
          (local.set $thr3 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $tloop)))
      (local.set $qb (i32.add (local.get $qb) (i32.const 4)))
      (br $qloop)))
  )

  ;; l1_i16: for every query row in [q, q + nq*rowBytes) (nq a multiple of 4) and every
  ;; tile row in [t, t + nt*rowBytes) (nt a multiple of 2), computes the exact integer
  ;; manhattan distance sum |q - t| and offers it to the query's heap.
  (func $l1_i16 (export "l1_i16")
    (param $q i32) (param $qn i32) (param $nq i32) (param $t i32) (param $tn i32) (param $nt i32)
    (param $tIdx0 i32) (param $rowBytes i32) (param $k i32) (param $bd i32) (param $bi i32)
    (local $qb i32) (local $j i32) (local $c i32) (local $listBytes i32)
    (local $p0 i32) (local $thr0 i32) (local $qn0 i32) (local $a0 v128)
    (local $p1 i32) (local $thr1 i32) (local $qn1 i32) (local $a1 v128)
    (local $p2 i32) (local $thr2 i32) (local $qn2 i32) (local $a2 v128)
    (local $p3 i32) (local $thr3 i32) (local $qn3 i32) (local $a3 v128)
    (local $r0 i32) (local $tn0 i32) (local $b0 v128)
    (local $r1 i32) (local $tn1 i32) (local $b1 v128)
    (local $acc00 v128) (local $acc01 v128)
    (local $acc10 v128) (local $acc11 v128)
    (local $acc20 v128) (local $acc21 v128)
    (local $acc30 v128) (local $acc31 v128)
    (local $d i32)
    (local.set $listBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $qb (i32.const 0))
    (block $qdone (loop $qloop
      (br_if $qdone (i32.ge_u (local.get $qb) (local.get $nq)))
      (local.set $p0 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $rowBytes))))
      (local.set $thr0 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))))
      (local.set $p1 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $rowBytes))))
      (local.set $thr1 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))))
      (local.set $p2 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $rowBytes))))
      (local.set $thr2 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))))
      (local.set $p3 (i32.add (local.get $q) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $rowBytes))))
      (local.set $thr3 (i32.load (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))))
      (local.set $j (i32.const 0))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $j) (local.get $nt)))
        (local.set $r0 (i32.add (local.get $t) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $r1 (i32.add (local.get $r0) (local.get $rowBytes)))
        (local.set $tn0 (i32.load offset=0 (i32.add (local.get $tn) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $tn1 (i32.load offset=4 (i32.add (local.get $tn) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $acc00 (v128.const i32x4 0 0 0 0))
        (local.set $acc01 (v128.const i32x4 0 0 0 0))
        (local.set $acc10 (v128.const i32x4 0 0 0 0))
        (local.set $acc11 (v128.const i32x4 0 0 0 0))
        (local.set $acc20 (v128.const i32x4 0 0 0 0))
        (local.set $acc21 (v128.const i32x4 0 0 0 0))
        (local.set $acc30 (v128.const i32x4 0 0 0 0))
        (local.set $acc31 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        (block $cdone (loop $cloop
          (br_if $cdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
          (local.set $b0 (v128.load (i32.add (local.get $r0) (local.get $c))))
          (local.set $b1 (v128.load (i32.add (local.get $r1) (local.get $c))))
          (local.set $a0 (v128.load (i32.add (local.get $p0) (local.get $c))))
          (local.set $acc00 (i32x4.add (local.get $acc00) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a0) (local.get $b0))))))
          (local.set $acc01 (i32x4.add (local.get $acc01) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a0) (local.get $b1))))))
          (local.set $a1 (v128.load (i32.add (local.get $p1) (local.get $c))))
          (local.set $acc10 (i32x4.add (local.get $acc10) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a1) (local.get $b0))))))
          (local.set $acc11 (i32x4.add (local.get $acc11) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a1) (local.get $b1))))))
          (local.set $a2 (v128.load (i32.add (local.get $p2) (local.get $c))))
          (local.set $acc20 (i32x4.add (local.get $acc20) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a2) (local.get $b0))))))
          (local.set $acc21 (i32x4.add (local.get $acc21) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a2) (local.get $b1))))))
          (local.set $a3 (v128.load (i32.add (local.get $p3) (local.get $c))))
          (local.set $acc30 (i32x4.add (local.get $acc30) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a3) (local.get $b0))))))
          (local.set $acc31 (i32x4.add (local.get $acc31) (i32x4.extadd_pairwise_i16x8_s (i16x8.abs (i16x8.sub (local.get $a3) (local.get $b1))))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br $cloop)))
        (local.set $d (i32.add (local.get $tn0) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc00)) (i32x4.extract_lane 1 (local.get $acc00))) (i32.add (i32x4.extract_lane 2 (local.get $acc00)) (i32x4.extract_lane 3 (local.get $acc00))))))
        (if (i32.lt_s (local.get $d) (local.get $thr0)) (then
          (local.set $thr0 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.add (local.get $tn1) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc01)) (i32x4.extract_lane 1 (local.get $acc01))) (i32.add (i32x4.extract_lane 2 (local.get $acc01)) (i32x4.extract_lane 3 (local.get $acc01))))))
        (if (i32.lt_s (local.get $d) (local.get $thr0)) (then
          (local.set $thr0 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 0)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $d (i32.add (local.get $tn0) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc10)) (i32x4.extract_lane 1 (local.get $acc10))) (i32.add (i32x4.extract_lane 2 (local.get $acc10)) (i32x4.extract_lane 3 (local.get $acc10))))))
        (if (i32.lt_s (local.get $d) (local.get $thr1)) (then
          (local.set $thr1 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.add (local.get $tn1) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc11)) (i32x4.extract_lane 1 (local.get $acc11))) (i32.add (i32x4.extract_lane 2 (local.get $acc11)) (i32x4.extract_lane 3 (local.get $acc11))))))
        (if (i32.lt_s (local.get $d) (local.get $thr1)) (then
          (local.set $thr1 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 1)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $d (i32.add (local.get $tn0) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc20)) (i32x4.extract_lane 1 (local.get $acc20))) (i32.add (i32x4.extract_lane 2 (local.get $acc20)) (i32x4.extract_lane 3 (local.get $acc20))))))
        (if (i32.lt_s (local.get $d) (local.get $thr2)) (then
          (local.set $thr2 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.add (local.get $tn1) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc21)) (i32x4.extract_lane 1 (local.get $acc21))) (i32.add (i32x4.extract_lane 2 (local.get $acc21)) (i32x4.extract_lane 3 (local.get $acc21))))))
        (if (i32.lt_s (local.get $d) (local.get $thr2)) (then
          (local.set $thr2 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 2)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $d (i32.add (local.get $tn0) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc30)) (i32x4.extract_lane 1 (local.get $acc30))) (i32.add (i32x4.extract_lane 2 (local.get $acc30)) (i32x4.extract_lane 3 (local.get $acc30))))))
        (if (i32.lt_s (local.get $d) (local.get $thr3)) (then
          (local.set $thr3 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 0)))))))
        (local.set $d (i32.add (local.get $tn1) (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc31)) (i32x4.extract_lane 1 (local.get $acc31))) (i32.add (i32x4.extract_lane 2 (local.get $acc31)) (i32x4.extract_lane 3 (local.get $acc31))))))
        (if (i32.lt_s (local.get $d) (local.get $thr3)) (then
          (local.set $thr3 (call $heap_push (i32.add (local.get $bd) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (i32.add (local.get $bi) (i32.mul (i32.add (local.get $qb) (i32.const 3)) (local.get $listBytes)))
            (local.get $k) (local.get $d) (i32.add (local.get $tIdx0) (i32.add (local.get $j) (i32.const 1)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $tloop)))
      (local.set $qb (i32.add (local.get $qb) (i32.const 4)))
      (br $qloop)))
  )

  ;; pruned_sq: the same exact squared-euclidean search as sq_i16, one query at a time, skipping
  ;; training rows that provably cannot enter the heap. `tp` holds an f32 projection of the training
  ;; rows onto m orthonormal directions, in blocks of 4 rows (block b, direction j, row r at
  ;; ((b*m + j)*4 + r)*4 bytes); `qp` the queries' projections (m f32 each). |P(q - t)|^2 <= |q - t|^2,
  ;; so a row whose bound (computed in f32: lb*0.998 - 1, a margin far above the f32 rounding) is
  ;; not below the heap's largest distance would be rejected by heap_push anyway. The rows left are
  ;; computed exactly and offered in index order, so the heap ends exactly as sq_i16's.
  (func $pruned_sq (export "pruned_sq")
    (param $q i32) (param $qn i32) (param $qp i32) (param $nq i32)
    (param $t i32) (param $tn i32) (param $tp i32) (param $nBlocks i32)
    (param $rowBytes i32) (param $m i32) (param $k i32) (param $bd i32) (param $bi i32)
    (local $i i32) (local $qrow i32) (local $qnorm i32) (local $qproj i32) (local $hd i32) (local $hi i32)
    (local $thr i32) (local $thrv v128) (local $blk i32) (local $tpb i32) (local $j i32) (local $acc v128)
    (local $diff v128) (local $mask i32) (local $lane i32) (local $row i32) (local $trow i32) (local $c i32)
    (local $dacc v128) (local $d i32) (local $listBytes i32) (local $blkBytes i32)
    (local.set $listBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $blkBytes (i32.shl (local.get $m) (i32.const 4)))
    (local.set $i (i32.const 0))
    (block $qdone (loop $qloop
      (br_if $qdone (i32.ge_u (local.get $i) (local.get $nq)))
      (local.set $qrow (i32.add (local.get $q) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $qnorm (i32.load (i32.add (local.get $qn) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $qproj (i32.add (local.get $qp) (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 2))))
      (local.set $hd (i32.add (local.get $bd) (i32.mul (local.get $i) (local.get $listBytes))))
      (local.set $hi (i32.add (local.get $bi) (i32.mul (local.get $i) (local.get $listBytes))))
      (local.set $thr (i32.load (local.get $hd)))
      (local.set $thrv (f32x4.splat (f32.convert_i32_s (local.get $thr))))
      (local.set $tpb (local.get $tp))
      (local.set $blk (i32.const 0))
      (block $bdone (loop $bloop
        (br_if $bdone (i32.ge_u (local.get $blk) (local.get $nBlocks)))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $jdone (loop $jloop
          (br_if $jdone (i32.ge_u (local.get $j) (local.get $m)))
          (local.set $diff (f32x4.sub
            (v128.load32_splat (i32.add (local.get $qproj) (i32.shl (local.get $j) (i32.const 2))))
            (v128.load (i32.add (local.get $tpb) (i32.shl (local.get $j) (i32.const 4))))))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $jloop)))
        (local.set $mask (i32x4.bitmask (f32x4.lt
          (f32x4.sub (f32x4.mul (local.get $acc) (v128.const f32x4 0.998 0.998 0.998 0.998)) (v128.const f32x4 1 1 1 1))
          (local.get $thrv))))
        (if (local.get $mask) (then
          (local.set $lane (i32.const 0))
          (block $ldone (loop $lloop
            (br_if $ldone (i32.ge_u (local.get $lane) (i32.const 4)))
            (if (i32.and (local.get $mask) (i32.shl (i32.const 1) (local.get $lane))) (then
              (local.set $row (i32.add (i32.shl (local.get $blk) (i32.const 2)) (local.get $lane)))
              (local.set $trow (i32.add (local.get $t) (i32.mul (local.get $row) (local.get $rowBytes))))
              (local.set $dacc (v128.const i32x4 0 0 0 0))
              (local.set $c (i32.const 0))
              (block $cdone (loop $cloop
                (br_if $cdone (i32.ge_u (local.get $c) (local.get $rowBytes)))
                (local.set $dacc (i32x4.add (local.get $dacc) (i32x4.dot_i16x8_s
                  (v128.load (i32.add (local.get $qrow) (local.get $c)))
                  (v128.load (i32.add (local.get $trow) (local.get $c))))))
                (local.set $c (i32.add (local.get $c) (i32.const 16)))
                (br $cloop)))
              (local.set $d (i32.sub
                (i32.add (local.get $qnorm) (i32.load (i32.add (local.get $tn) (i32.shl (local.get $row) (i32.const 2)))))
                (i32.shl (i32.add
                  (i32.add (i32x4.extract_lane 0 (local.get $dacc)) (i32x4.extract_lane 1 (local.get $dacc)))
                  (i32.add (i32x4.extract_lane 2 (local.get $dacc)) (i32x4.extract_lane 3 (local.get $dacc)))) (i32.const 1))))
              (if (i32.lt_s (local.get $d) (local.get $thr)) (then
                (local.set $thr (call $heap_push (local.get $hd) (local.get $hi) (local.get $k) (local.get $d) (local.get $row)))
                (local.set $thrv (f32x4.splat (f32.convert_i32_s (local.get $thr))))))))
            (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
            (br $lloop)))))
        (local.set $tpb (i32.add (local.get $tpb) (local.get $blkBytes)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $bloop)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $qloop)))
  )

  ;; The exact squared distance between int16 rows at $a and $b (norms $na, $nb).
  (func $sq_dist (param $a i32) (param $b i32) (param $na i32) (param $nb i32) (param $rowBytes i32) (result i32)
    (local $c i32) (local $acc v128)
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (local.set $c (i32.const 0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (local.set $acc (i32x4.add (local.get $acc) (i32x4.dot_i16x8_s
        (v128.load (i32.add (local.get $a) (local.get $c)))
        (v128.load (i32.add (local.get $b) (local.get $c))))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $l)))
    (i32.sub (i32.add (local.get $na) (local.get $nb))
      (i32.shl (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))) (i32.const 1))))

  ;; seeded_sq: the fast path of the pruned search. Per query: (A) the projection lower bounds of all
  ;; rows, already lowered by the rounding margin (lb*0.998 - 1), into $lb; (B) the k rows with the
  ;; smallest bounds, whose largest exact distance U bounds the k-th neighbour distance from above;
  ;; (C) the heap_push scan in index order offering only rows with bound <= min(heap max, U). Rows
  ;; skipped for exceeding U are farther than the final k-th neighbour, so the resulting set is
  ;; exact unless the k-th distance is tied: the query's $ties flag is set when more than k rows are
  ;; at or below the final k-th distance (or the $cand buffer of computed distances overflows), and
  ;; the caller reruns those queries with pruned_sq, which follows scikit-learn's heap exactly.
  (func $seeded_sq (export "seeded_sq")
    (param $q i32) (param $qn i32) (param $qp i32) (param $nq i32)
    (param $t i32) (param $tn i32) (param $tp i32) (param $nBlocks i32)
    (param $rowBytes i32) (param $m i32) (param $k i32) (param $bd i32) (param $bi i32)
    (param $lb i32) (param $sd i32) (param $si i32) (param $ks i32) (param $cand i32) (param $candCap i32) (param $ties i32)
    (local $i i32) (local $qrow i32) (local $qnorm i32) (local $qproj i32) (local $hd i32) (local $hi i32)
    (local $blk i32) (local $tpb i32) (local $j i32) (local $acc v128) (local $diff v128)
    (local $row i32) (local $nRows i32) (local $v f32) (local $sroot i32) (local $u i32) (local $d i32)
    (local $thr i32) (local $lim f32) (local $nc i32) (local $cnt i32) (local $listBytes i32) (local $blkBytes i32)
    (local.set $listBytes (i32.shl (local.get $k) (i32.const 2)))
    (local.set $blkBytes (i32.shl (local.get $m) (i32.const 4)))
    (local.set $nRows (i32.shl (local.get $nBlocks) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $qdone (loop $qloop
      (br_if $qdone (i32.ge_u (local.get $i) (local.get $nq)))
      (local.set $qrow (i32.add (local.get $q) (i32.mul (local.get $i) (local.get $rowBytes))))
      (local.set $qnorm (i32.load (i32.add (local.get $qn) (i32.shl (local.get $i) (i32.const 2)))))
      (local.set $qproj (i32.add (local.get $qp) (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 2))))
      (local.set $hd (i32.add (local.get $bd) (i32.mul (local.get $i) (local.get $listBytes))))
      (local.set $hi (i32.add (local.get $bi) (i32.mul (local.get $i) (local.get $listBytes))))
      ;; (A) bounds (m = 16, unrolled)
      (local.set $tpb (local.get $tp))
      (local.set $blk (i32.const 0))
      (block $adone (loop $aloop
        (br_if $adone (i32.ge_u (local.get $blk) (local.get $nBlocks)))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=0 (local.get $qproj)) (v128.load offset=0 (local.get $tpb))))
        (local.set $acc (f32x4.mul (local.get $diff) (local.get $diff)))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=4 (local.get $qproj)) (v128.load offset=16 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=8 (local.get $qproj)) (v128.load offset=32 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=12 (local.get $qproj)) (v128.load offset=48 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=16 (local.get $qproj)) (v128.load offset=64 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=20 (local.get $qproj)) (v128.load offset=80 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=24 (local.get $qproj)) (v128.load offset=96 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=28 (local.get $qproj)) (v128.load offset=112 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=32 (local.get $qproj)) (v128.load offset=128 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=36 (local.get $qproj)) (v128.load offset=144 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=40 (local.get $qproj)) (v128.load offset=160 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=44 (local.get $qproj)) (v128.load offset=176 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=48 (local.get $qproj)) (v128.load offset=192 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=52 (local.get $qproj)) (v128.load offset=208 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=56 (local.get $qproj)) (v128.load offset=224 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (local.set $diff (f32x4.sub (v128.load32_splat offset=60 (local.get $qproj)) (v128.load offset=240 (local.get $tpb))))
        (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $diff) (local.get $diff))))
        (v128.store (i32.add (local.get $lb) (i32.shl (local.get $blk) (i32.const 4)))
          (f32x4.sub (f32x4.mul (local.get $acc) (v128.const f32x4 0.998 0.998 0.998 0.998)) (v128.const f32x4 1 1 1 1)))
        (local.set $tpb (i32.add (local.get $tpb) (i32.const 256)))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $aloop)))
      ;; (B) the ks >= k smallest bounds (a heap of truncated bounds); U = the k-th smallest exact
      ;; distance among those rows (a k-heap kept in $cand for the moment)
      (local.set $j (i32.const 0))
      (block $sidone (loop $siloop
        (br_if $sidone (i32.ge_u (local.get $j) (local.get $ks)))
        (i32.store (i32.add (local.get $sd) (i32.shl (local.get $j) (i32.const 2))) (i32.const 0x7fffffff))
        (i32.store (i32.add (local.get $si) (i32.shl (local.get $j) (i32.const 2))) (i32.const -1))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $siloop)))
      (local.set $sroot (i32.const 0x7fffffff))
      (local.set $row (i32.const 0))
      (block $sdone (loop $sloop
        (br_if $sdone (i32.ge_u (local.get $row) (local.get $nRows)))
        ;; a whole group of 4 at or above the heap max cannot enter
        (if (i32.and (i32.eqz (i32.and (local.get $row) (i32.const 3)))
              (i32.eqz (i32x4.bitmask (f32x4.lt (v128.load (i32.add (local.get $lb) (i32.shl (local.get $row) (i32.const 2))))
                (f32x4.splat (f32.convert_i32_s (local.get $sroot)))))))
          (then (local.set $row (i32.add (local.get $row) (i32.const 4))) (br $sloop)))
        (local.set $v (f32.load (i32.add (local.get $lb) (i32.shl (local.get $row) (i32.const 2)))))
        (if (f32.lt (local.get $v) (f32.convert_i32_s (local.get $sroot))) (then
          (local.set $sroot (call $heap_push (local.get $sd) (local.get $si) (local.get $ks)
            (i32.trunc_sat_f32_s (f32.max (local.get $v) (f32.const 0))) (local.get $row)))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $sloop)))
      (local.set $j (i32.const 0))
      (block $uidone (loop $uiloop
        (br_if $uidone (i32.ge_u (local.get $j) (local.get $k)))
        (i32.store (i32.add (local.get $cand) (i32.shl (local.get $j) (i32.const 2))) (i32.const 0x7fffffff))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $uiloop)))
      (local.set $u (i32.const 0x7fffffff))
      (local.set $j (i32.const 0))
      (block $udone (loop $uloop
        (br_if $udone (i32.ge_u (local.get $j) (local.get $ks)))
        (local.set $row (i32.load (i32.add (local.get $si) (i32.shl (local.get $j) (i32.const 2)))))
        (if (i32.ge_s (local.get $row) (i32.const 0)) (then
          (local.set $d (call $sq_dist (local.get $qrow) (i32.add (local.get $t) (i32.mul (local.get $row) (local.get $rowBytes)))
            (local.get $qnorm) (i32.load (i32.add (local.get $tn) (i32.shl (local.get $row) (i32.const 2)))) (local.get $rowBytes)))
          (if (i32.lt_s (local.get $d) (local.get $u)) (then
            (local.set $u (call $heap_push (local.get $cand) (i32.add (local.get $cand) (i32.shl (local.get $k) (i32.const 2)))
              (local.get $k) (local.get $d) (local.get $row)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $uloop)))
      ;; (C) index-order heap scan over rows whose bound is <= min(heap max, U)
      (local.set $thr (i32.load (local.get $hd)))
      (local.set $nc (i32.const 0))
      (local.set $row (i32.const 0))
      (block $cdone (loop $cloop
        (br_if $cdone (i32.ge_u (local.get $row) (local.get $nRows)))
        (local.set $lim (f32.convert_i32_s (select (local.get $thr) (local.get $u) (i32.lt_s (local.get $thr) (local.get $u)))))
        ;; a whole group of 4 above the limit is skipped at once
        (if (i32.and (i32.eqz (i32.and (local.get $row) (i32.const 3)))
              (i32.eqz (i32x4.bitmask (f32x4.le (v128.load (i32.add (local.get $lb) (i32.shl (local.get $row) (i32.const 2))))
                (f32x4.splat (local.get $lim))))))
          (then (local.set $row (i32.add (local.get $row) (i32.const 4))) (br $cloop)))
        (if (f32.le (f32.load (i32.add (local.get $lb) (i32.shl (local.get $row) (i32.const 2)))) (local.get $lim)) (then
          ;; rows farther than the limit stop early and matter neither to the heap nor to the tie count
          (local.set $d (call $sq_dist_lim (local.get $qrow) (i32.add (local.get $t) (i32.mul (local.get $row) (local.get $rowBytes)))
            (local.get $rowBytes) (select (local.get $thr) (local.get $u) (i32.lt_s (local.get $thr) (local.get $u)))))
          (if (i32.le_s (local.get $d) (select (local.get $thr) (local.get $u) (i32.lt_s (local.get $thr) (local.get $u)))) (then
            (if (i32.lt_u (local.get $nc) (local.get $candCap)) (then
              (i32.store (i32.add (local.get $cand) (i32.shl (local.get $nc) (i32.const 2))) (local.get $d))))
            (local.set $nc (i32.add (local.get $nc) (i32.const 1)))
            (if (i32.lt_s (local.get $d) (local.get $thr)) (then
              (local.set $thr (call $heap_push (local.get $hd) (local.get $hi) (local.get $k) (local.get $d) (local.get $row)))))))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $cloop)))
      ;; ties: how many computed rows are at or below the final k-th distance
      (local.set $cnt (i32.const 0))
      (local.set $j (i32.const 0))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $j) (select (local.get $nc) (local.get $candCap) (i32.lt_u (local.get $nc) (local.get $candCap)))))
        (if (i32.le_s (i32.load (i32.add (local.get $cand) (i32.shl (local.get $j) (i32.const 2)))) (local.get $thr)) (then
          (local.set $cnt (i32.add (local.get $cnt) (i32.const 1)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tloop)))
      (i32.store8 (i32.add (local.get $ties) (local.get $i))
        (i32.or (i32.gt_u (local.get $cnt) (local.get $k)) (i32.gt_u (local.get $nc) (local.get $candCap))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $qloop)))
  )

  ;; The exact squared distance between int16 rows at $a and $b, summed as (a - b)^2 so partial
  ;; sums only grow: stops (returning the partial sum, > $lim) once it exceeds $lim. Columns are
  ;; stored by decreasing variance, so far rows stop early. rowBytes is a multiple of 64.
  (func $sq_dist_lim (param $a i32) (param $b i32) (param $rowBytes i32) (param $lim i32) (result i32)
    (local $c i32) (local $acc v128) (local $x v128) (local $y v128) (local $z v128) (local $w v128) (local $s i32)
    (local.set $acc (v128.const i32x4 0 0 0 0))
    (local.set $c (i32.const 0))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (local.set $x (i16x8.sub (v128.load (i32.add (local.get $a) (local.get $c))) (v128.load (i32.add (local.get $b) (local.get $c)))))
      (local.set $y (i16x8.sub (v128.load offset=16 (i32.add (local.get $a) (local.get $c))) (v128.load offset=16 (i32.add (local.get $b) (local.get $c)))))
      (local.set $z (i16x8.sub (v128.load offset=32 (i32.add (local.get $a) (local.get $c))) (v128.load offset=32 (i32.add (local.get $b) (local.get $c)))))
      (local.set $w (i16x8.sub (v128.load offset=48 (i32.add (local.get $a) (local.get $c))) (v128.load offset=48 (i32.add (local.get $b) (local.get $c)))))
      (local.set $acc (i32x4.add (local.get $acc) (i32x4.add
        (i32x4.add (i32x4.dot_i16x8_s (local.get $x) (local.get $x)) (i32x4.dot_i16x8_s (local.get $y) (local.get $y)))
        (i32x4.add (i32x4.dot_i16x8_s (local.get $z) (local.get $z)) (i32x4.dot_i16x8_s (local.get $w) (local.get $w))))))
      (local.set $c (i32.add (local.get $c) (i32.const 64)))
      (local.set $s (i32.add
        (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
        (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
      (br_if $done (i32.gt_s (local.get $s) (local.get $lim)))
      (br $l)))
    (local.get $s))
)
