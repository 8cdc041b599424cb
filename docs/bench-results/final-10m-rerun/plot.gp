set terminal pngcairo size 1400,600 noenhanced font ',10'
set output 'latency-vs-rows.png'
set logscale xy
set xrange [3000:30000000]
set format x '%.0e'
set xlabel 'memberships (rows; as many refresh tokens)'
set ylabel 'latency ms (16 connections)'
set key top left font ',9' spacing 0.9
set grid
set multiplot layout 1,2
set title 'p50'
plot for [i=0:0] 'plot.dat' index i using 1:2 with linespoints title columnheader(1)
set title 'p99'
plot for [i=0:0] 'plot.dat' index i using 1:3 with linespoints title columnheader(1)
unset multiplot
