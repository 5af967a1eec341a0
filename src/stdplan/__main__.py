from stdplan.entry import main

main()
