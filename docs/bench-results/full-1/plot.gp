set terminal pngcairo size 1200,520 noenhanced
set output 'latency-vs-rows.png'
set logscale xy
set xlabel 'memberships (rows; as many refresh tokens)'
set ylabel 'latency ms (16 connections)'
set key outside right
set grid
set multiplot layout 1,2
set title 'p50'
plot for [i=0:7] 'plot.dat' index i using 1:2 with linespoints title columnheader(1)
set title 'p99'
plot for [i=0:7] 'plot.dat' index i using 1:3 with linespoints title columnheader(1)
unset multiplot
