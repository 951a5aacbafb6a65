from creator_kit.cli import main

main()
